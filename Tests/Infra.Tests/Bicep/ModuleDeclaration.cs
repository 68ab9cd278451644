namespace Infra.Tests.Bicep;

/// <summary><c>module symbol 'path' = body</c>.</summary>
public sealed record ModuleDeclaration(string File, string Symbol, string Path, BicepValue Body, int Line);
