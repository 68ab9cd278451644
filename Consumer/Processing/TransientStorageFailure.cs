using System.Net;
using Azure;
using Consumer.Storage;
using Microsoft.Azure.Cosmos;

namespace Consumer.Processing;

/// <summary>Which storage failures may go away on their own (and are worth retrying) and which will not.</summary>
public static class TransientStorageFailure
{
    public static bool Matches(Exception exception) => exception switch
    {
        StorageUnavailableException => true,
        HttpRequestException => true,
        CosmosException cosmos => cosmos.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.Gone,
        RequestFailedException blob => blob.Status is 0 or 408 or 429 or >= 500,
        _ => false,
    };
}
