namespace Amqp.Types;

/// <summary>An AMQP char: one UTF-32 code point (a .NET char cannot hold all of them).</summary>
public readonly record struct AmqpChar(int CodePoint)
{
    public override string ToString() => char.ConvertFromUtf32(CodePoint);
}
