namespace AppHost.Dashboard;

/// <summary>One dead letter as the dashboard shows it; <see cref="ResubmittedFrom"/> is set on a resubmitted copy.</summary>
internal sealed record DeadLetterView(string? MessageId, long SequenceNumber, DateTimeOffset EnqueuedTime, string? Reason, string? Description, string? EventType, string? ResubmittedFrom, string Body);
