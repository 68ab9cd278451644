namespace ServiceBusEmulator.Administration;

/// <summary>One line of <see cref="AdministrationLog"/>: an accepted administration request, replayable as it came.</summary>
internal sealed record LoggedChange(DateTimeOffset At, string Method, string Path, bool IsUpdate, string Body);
