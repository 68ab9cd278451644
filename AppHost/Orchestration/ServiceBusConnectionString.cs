namespace AppHost.Orchestration;

/// <summary>The connection string Aspire injects for a Service Bus emulator (the official emulator's well-known key).</summary>
internal static class ServiceBusConnectionString
{
    public static string ForEmulator(int amqpPort) =>
        $"Endpoint=sb://localhost:{amqpPort};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";
}
