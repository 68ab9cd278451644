namespace Producer.Apis;

/// <summary>The answer to client-supplied events: all of them were sent.</summary>
public sealed record AcceptedStoreEvents(int Accepted);
