namespace Infra.Tests.Bicep;

/// <summary><c>[for item in items: body]</c>; <see cref="Header"/> is the text between <c>for</c> and the colon; the body is kept once, as written.</summary>
public sealed record BicepLoop(string Header, BicepValue Body, int Line) : BicepValue(Line);
