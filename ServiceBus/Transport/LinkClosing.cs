namespace ServiceBus.Transport;

/// <summary>Closes a link and its session, tolerating a broker or connection that is already gone.</summary>
internal static class LinkClosing
{
    public static async Task CloseQuietlyAsync(AmqpLink link, CancellationToken cancellationToken)
    {
        try
        {
            await link.CloseAsync(null, cancellationToken).ConfigureAwait(false);
            await link.Session.EndAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AmqpException or IOException or ObjectDisposedException)
        {
            // Nothing to release on a link whose connection dropped.
        }
    }
}
