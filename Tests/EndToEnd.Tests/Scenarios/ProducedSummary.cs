namespace EndToEnd.Tests.Scenarios;

/// <summary>The part of the producer's answer to <c>POST /api/events?count=N</c> the tests check (web JSON, case-insensitive).</summary>
internal sealed record ProducedSummary(int TotalMessages, int BadMessages);
