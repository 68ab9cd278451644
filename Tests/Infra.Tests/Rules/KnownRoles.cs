namespace Infra.Tests.Rules;

/// <summary>Built-in role definition ids (Azure RBAC, and the Cosmos DB SQL data-plane role) the template may use.</summary>
public static class KnownRoles
{
    public const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    public const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    public const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    public const string CosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";

    public static string NameOf(string roleId) => roleId switch
    {
        ServiceBusDataSender => "Azure Service Bus Data Sender",
        ServiceBusDataReceiver => "Azure Service Bus Data Receiver",
        ServiceBusDataOwner => "Azure Service Bus Data Owner",
        StorageBlobDataContributor => "Storage Blob Data Contributor",
        AcrPull => "AcrPull",
        CosmosBuiltInDataContributor => "Cosmos DB Built-in Data Contributor",
        _ => roleId,
    };
}
