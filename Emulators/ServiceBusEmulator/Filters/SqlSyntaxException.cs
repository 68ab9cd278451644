namespace ServiceBusEmulator.Filters;

/// <summary>A SQL filter or action that does not parse; the message says where and why.</summary>
public sealed class SqlSyntaxException(string message) : Exception(message);
