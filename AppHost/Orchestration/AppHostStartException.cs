namespace AppHost.Orchestration;

/// <summary>The application could not start; the message is the one line the user sees (no stack trace).</summary>
internal sealed class AppHostStartException(string message, Exception? innerException = null) : Exception(message, innerException);
