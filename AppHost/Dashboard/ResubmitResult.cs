namespace AppHost.Dashboard;

/// <summary>What a resubmit did: which dead letter went back to which queue, as which new message.</summary>
internal sealed record ResubmitResult(string? MessageId, long DeadLetterSequenceNumber, string NewMessageId, string Queue);
