using Amqp;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Security;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// What one client connection has: the CBS grants it earned, its open transactions, and its reply links (the receiving links it opened on
/// <c>$cbs</c> and <c>$management</c> nodes), found by link name or by target address because JS and .NET name
/// the reply-to differently (brief §4.3, §8.3).
/// </summary>
internal sealed class ConnectionContext(MessageBroker broker)
{
    private readonly Dictionary<string, SenderLink> _replyLinks = new(StringComparer.Ordinal);

    public TokenGrants Grants { get; } = new(broker.TimeProvider);

    public TransactionCoordinator Transactions { get; } = new(broker);

    public void AddReplyLink(SenderLink link)
    {
        var target = link.RemoteAttach?.Target?.Address;
        lock (_replyLinks)
        {
            _replyLinks[link.Name] = link;
            if (target is not null)
            {
                _replyLinks[NodeAddress.Normalize(target)] = link;
            }
        }

        _ = link.Closed.ContinueWith(_ => RemoveReplyLink(link), TaskScheduler.Default);
    }

    /// <summary>The link <paramref name="replyTo"/> names, else the same session's link reading <paramref name="node"/>.</summary>
    public SenderLink? FindReplyLink(string? replyTo, AmqpSession session, string node)
    {
        lock (_replyLinks)
        {
            if (replyTo is not null
                && (_replyLinks.TryGetValue(replyTo, out var named) || _replyLinks.TryGetValue(NodeAddress.Normalize(replyTo), out named))
                && !named.IsClosed)
            {
                return named;
            }

            foreach (var link in _replyLinks.Values)
            {
                if (!link.IsClosed && link.Session == session
                    && string.Equals(NodeAddress.Normalize(link.RemoteAttach?.Source?.Address), node, StringComparison.OrdinalIgnoreCase))
                {
                    return link;
                }
            }
        }

        return null;
    }

    private void RemoveReplyLink(SenderLink link)
    {
        lock (_replyLinks)
        {
            foreach (var key in _replyLinks.Where(pair => pair.Value == link).Select(pair => pair.Key).ToList())
            {
                _replyLinks.Remove(key);
            }
        }
    }
}
