namespace Amqp.Tests.Interop;

/// <summary>An AMQP error that reached a peer (a refused attach, a detach, end or close with an error), in neutral form.</summary>
public sealed class InteropError(string? condition, string? description) : Exception($"{condition}: {description}")
{
    public string? Condition { get; } = condition;

    public string? Description { get; } = description;
}
