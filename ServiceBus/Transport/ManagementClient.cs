namespace ServiceBus.Transport;

/// <summary>Requests to an entity's <c>$management</c> node (peek, renew-lock, schedule, update-disposition …).</summary>
internal sealed class ManagementClient(AmqpRequestResponseLink link, string entityPath)
{
    public const string Peek = "com.microsoft:peek-message";
    public const string RenewLock = "com.microsoft:renew-lock";
    public const string Schedule = "com.microsoft:schedule-message";
    public const string CancelScheduled = "com.microsoft:cancel-scheduled-message";
    public const string ReceiveBySequenceNumber = "com.microsoft:receive-by-sequence-number";
    public const string UpdateDisposition = "com.microsoft:update-disposition";

    public bool IsClosed => link.IsClosed;

    public AmqpRequestResponseLink Link => link;

    /// <summary>Sends one operation and returns the status code and the reply's map body (null when it has none).</summary>
    public async Task<(int Status, AmqpMap? Body)> RequestAsync(string operation, AmqpMap body, TimeSpan serverTimeout, string? associatedLinkName,
        CancellationToken cancellationToken, params int[] acceptedStatuses)
    {
        var request = AmqpMessage.FromValue(body);
        var properties = new AmqpMap
        {
            ["operation"] = operation,
            ["com.microsoft:server-timeout"] = (uint)Math.Clamp(serverTimeout.TotalMilliseconds, 0, uint.MaxValue),
            ["com.microsoft:tracking-id"] = Guid.NewGuid().ToString(),
        };
        if (associatedLinkName is not null)
        {
            properties["associated-link-name"] = associatedLinkName;
        }

        request.ApplicationProperties = new ApplicationProperties(properties);
        var reply = await link.RequestAsync(request, cancellationToken).ConfigureAwait(false);
        var status = ReadStatus(reply, out var condition, out var description);
        if (status != 200 && Array.IndexOf(acceptedStatuses, status) < 0)
        {
            throw AmqpErrorMapping.FromStatus(status, condition, description, entityPath);
        }

        return (status, reply.ValueBody?.Value as AmqpMap);
    }

    /// <summary>Reads <c>statusCode</c> / <c>status-code</c> (management and CBS spell it differently), of any integer type.</summary>
    public static int ReadStatus(AmqpMessage reply, out string? condition, out string? description)
    {
        condition = null;
        description = null;
        var map = reply.ApplicationProperties?.Map;
        if (map is null)
        {
            return 500;
        }

        description = (map.GetValueOrDefault("statusDescription") ?? map.GetValueOrDefault("status-description")) as string;
        condition = (map.GetValueOrDefault("errorCondition") ?? map.GetValueOrDefault("error-condition")) switch
        {
            AmqpSymbol symbol => symbol.Value,
            string text => text,
            _ => null,
        };
        var status = map.GetValueOrDefault("statusCode") ?? map.GetValueOrDefault("status-code");
        return status is null ? 500 : Convert.ToInt32(status, System.Globalization.CultureInfo.InvariantCulture);
    }
}
