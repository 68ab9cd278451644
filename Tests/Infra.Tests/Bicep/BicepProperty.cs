namespace Infra.Tests.Bicep;

/// <param name="Name">The key; for an interpolated key such as <c>'${identity.id}'</c>, its source text.</param>
public sealed record BicepProperty(string Name, BicepValue Value);
