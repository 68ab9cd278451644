namespace Infra.Tests.Bicep;

/// <summary>A value as written in Bicep: a literal, an object, an array, or an expression kept as text.</summary>
public abstract record BicepValue(int Line)
{
    /// <summary>The object this value is, or the object a conditional or loop wraps.</summary>
    public BicepObject? AsObject() => this switch
    {
        BicepObject obj => obj,
        BicepConditional conditional => conditional.Body.AsObject(),
        BicepLoop loop => loop.Body.AsObject(),
        _ => null,
    };

    /// <summary>The value at a dotted path of object properties, e.g. <c>properties.publicNetworkAccess</c>.</summary>
    public BicepValue? At(string dottedPath)
    {
        BicepValue? current = this;
        foreach (var name in dottedPath.Split('.'))
        {
            current = current?.AsObject()?.Get(name);
        }

        return current;
    }
}
