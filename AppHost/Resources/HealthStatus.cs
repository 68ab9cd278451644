namespace AppHost.Resources;

/// <summary>The last health check's verdict (the same three values as ASP.NET Core's, plus not checked yet).</summary>
public enum HealthStatus
{
    Unknown,
    Healthy,
    /// <summary>Answers, but a part is missing (the Service Bus emulator without its AMQP listener).</summary>
    Degraded,
    Unhealthy,
}
