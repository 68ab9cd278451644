using System.Globalization;
using System.Net.Sockets;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Contracts;
using Microsoft.Extensions.Options;

namespace Consumer.Storage;

/// <summary>
/// Archives every event as a JSON blob, <c>{event_type}/{yyyy}/{MM}/{dd}/{id}.json</c> (date of the event's
/// <c>ts</c>), with its type, store and shipping priority as metadata and as blob index tags. Writing is
/// idempotent: the blob is created only if absent, the same event again changes nothing, and a different body
/// under an existing id is reported as a <see cref="ArchiveOutcome.Conflict"/> and never overwrites what is stored.
/// Thread-safe; one instance serves the whole process.
/// </summary>
public sealed class EventArchive
{
    private const string Service = "Blob Storage";

    private readonly BlobServiceClient _service;
    private readonly BlobContainerClient _container;
    private readonly EventArchiveOptions _options;

    public EventArchive(BlobServiceClient service, IOptions<EventArchiveOptions> options)
    {
        _service = service;
        _options = options.Value;
        _container = service.GetBlobContainerClient(_options.ContainerName);
    }

    public string ContainerName => _container.Name;

    /// <summary>Creates the container when <see cref="EventArchiveOptions.CreateIfNotExists"/> is set.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!_options.CreateIfNotExists)
        {
            return;
        }

        await Reach(() => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The blob name of <paramref name="message"/>: <c>{event_type}/{yyyy}/{MM}/{dd}/{id}.json</c>.</summary>
    public static string BlobNameFor(StoreEventMessage message)
    {
        if (!StoreEventTimestamp.TryParse(message.Event.Ts, out var timestamp))
        {
            throw new ArgumentException($"ts '{message.Event.Ts}' of event {message.Event.Id} is not a timestamp; validate events before archiving.", nameof(message));
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{message.EventType}/{timestamp:yyyy}/{timestamp:MM}/{timestamp:dd}/{message.Event.Id}.json");
    }

    public async Task<ArchiveOutcome> ArchiveAsync(StoreEventMessage message, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobNameFor(message));
        var properties = new Dictionary<string, string>
        {
            [StoreEventApplicationProperties.EventType] = message.EventType,
            ["store_id"] = message.Event.StoreId.ToString(CultureInfo.InvariantCulture),
            [StoreEventApplicationProperties.PriorityShipping] = message.Event.PriorityShipping ? "true" : "false",
        };
        var upload = new BlobUploadOptions
        {
            // Create-only: the service refuses to replace an existing blob, so a retry or a duplicate delivery
            // can never overwrite an archived event, even when two consumers race on the same id.
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = StoreEventMessageSettings.ContentType },
            Metadata = properties,
            Tags = properties,
        };

        try
        {
            await Reach(() => blob.UploadAsync(BinaryData.FromBytes(message.Body), upload, cancellationToken)).ConfigureAwait(false);
            return ArchiveOutcome.Archived;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            var stored = await Reach(() => blob.DownloadContentAsync(cancellationToken)).ConfigureAwait(false);
            return stored.Value.Content.ToMemory().Span.SequenceEqual(message.Body.Span)
                ? ArchiveOutcome.AlreadyArchived
                : ArchiveOutcome.Conflict;
        }
    }

    // Connection failures surface as StorageUnavailableException naming the endpoint; answers from the service
    // (RequestFailedException with a status) pass through for the caller to judge.
    private async Task<T> Reach<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsConnectionFailure(exception))
        {
            throw new StorageUnavailableException(Service, _service.Uri, exception);
        }
        // The client's retries give up with every attempt's failure. A connection cut mid-request can surface as a bare
        // socket error (seen: "Broken pipe", then "Transport endpoint is not connected"), which the client does not retry.
        catch (AggregateException exception) when (exception.InnerExceptions.All(IsConnectionFailure))
        {
            throw new StorageUnavailableException(Service, _service.Uri, exception.InnerExceptions[^1]);
        }
    }

    private static bool IsConnectionFailure(Exception exception) =>
        exception is RequestFailedException { Status: 0 } or HttpRequestException or SocketException or IOException;
}
