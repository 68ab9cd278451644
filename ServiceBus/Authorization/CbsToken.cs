namespace ServiceBus.Authorization;

/// <summary>A token to put to <c>$cbs</c>: its text, its CBS type and when it stops being valid.</summary>
internal sealed record CbsToken(string Token, string TokenType, DateTimeOffset ExpiresOn);
