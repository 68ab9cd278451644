using Amqp.Framing;

namespace Amqp;

/// <summary>An AMQP error: carries the <see cref="Framing.Error"/> that was received or that should be sent.</summary>
public sealed class AmqpException : Exception
{
    public AmqpException(Error error) : base(error.Description ?? error.Condition?.Value)
    {
        Error = error;
    }

    public AmqpException(AmqpSymbol condition, string description) : this(new Error(condition, description))
    {
    }

    public Error Error { get; }

    public AmqpSymbol Condition => Error.Condition ?? ErrorCondition.InternalError;

    public override string Message => $"{Error.Condition}: {Error.Description}";
}
