namespace Infra.Tests.Bicep;

/// <summary><c>[for item in items: body]</c>; the body is kept once, as written.</summary>
public sealed record BicepLoop(string Header, BicepValue Body, int Line) : BicepValue(Line);
