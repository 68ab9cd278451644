using Azure.Core;
using Azure.Identity;
using ServiceBus.Authorization;
using ServiceBus.Transport;

namespace ServiceBus;

/// <summary>
/// The entry point: one AMQP connection to a namespace, shared by every sender, receiver and processor it creates.
/// Thread-safe; create one per namespace and application lifetime.
/// </summary>
public class ServiceBusClient : IAsyncDisposable
{
    private readonly AmqpConnectionScope _scope;
    private readonly ServiceBusRetryPolicy _retry;
    private readonly string? _connectionStringEntityPath;

    /// <summary>From a connection string (<c>Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…</c>, optionally <c>UseDevelopmentEmulator=true</c>).</summary>
    public ServiceBusClient(string connectionString)
        : this(connectionString, new ServiceBusClientOptions())
    {
    }

    public ServiceBusClient(string connectionString, ServiceBusClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var properties = ServiceBusConnectionStringProperties.Parse(connectionString);
        ICbsTokenProvider tokens = properties.SharedAccessSignature is { } signature
            ? new SharedAccessSignatureTokenProvider(signature)
            : new SharedAccessKeyTokenProvider(properties.SharedAccessKeyName!, properties.SharedAccessKey!, SharedAccessKeyTokenProvider.DefaultValidity, TimeProvider.System);
        (_scope, _retry, Identifier, TransportType) = Initialise(new ServiceBusEndpoint(properties.Endpoint, options.TransportType, properties.UseDevelopmentEmulator), tokens, options);
        _connectionStringEntityPath = properties.EntityPath;
    }

    /// <summary>From a namespace (<c>ns.servicebus.windows.net</c>, or <c>https://ns.servicebus.windows.net:443/</c>) and a Microsoft Entra ID credential.</summary>
    public ServiceBusClient(string fullyQualifiedNamespace, TokenCredential credential)
        : this(fullyQualifiedNamespace, credential, new ServiceBusClientOptions())
    {
    }

    public ServiceBusClient(string fullyQualifiedNamespace, TokenCredential credential, ServiceBusClientOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullyQualifiedNamespace);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = ServiceBusConnectionStringProperties.ParseEndpoint(fullyQualifiedNamespace);
        (_scope, _retry, Identifier, TransportType) = Initialise(new ServiceBusEndpoint(endpoint, options.TransportType, useDevelopmentEmulator: false),
            new EntraIdTokenProvider(credential), options);
    }

    internal ServiceBusClient(ServiceBusEndpoint endpoint, ICbsTokenProvider tokens, ServiceBusClientOptions options)
    {
        (_scope, _retry, Identifier, TransportType) = Initialise(endpoint, tokens, options);
    }

    /// <summary>For mocking in tests of code that uses a client.</summary>
    protected ServiceBusClient()
    {
        _scope = null!;
        _retry = null!;
        Identifier = string.Empty;
    }

    /// <summary>
    /// From a configuration value that is either a connection string or a bare namespace endpoint (what Aspire and
    /// the Azure deployment put into <c>ConnectionStrings__servicebus</c>); a bare endpoint authenticates with
    /// <see cref="DefaultAzureCredential"/> unless <paramref name="credential"/> is given.
    /// </summary>
    public static ServiceBusClient FromConnectionSetting(string connectionSetting, ServiceBusClientOptions? options = null, TokenCredential? credential = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionSetting);
        options ??= new ServiceBusClientOptions();
        return connectionSetting.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase)
            ? new ServiceBusClient(connectionSetting, options)
            : new ServiceBusClient(connectionSetting, credential ?? new DefaultAzureCredential(), options);
    }

    public virtual string FullyQualifiedNamespace => _scope.Endpoint.FullyQualifiedNamespace;

    public virtual string Identifier { get; }

    public virtual bool IsClosed => _scope.IsDisposed;

    public ServiceBusTransportType TransportType { get; }

    internal AmqpConnectionScope Scope => _scope;

    public virtual ServiceBusSender CreateSender(string queueOrTopicName) =>
        new(ResolveEntityPath(queueOrTopicName), _scope, _retry, $"{Identifier}-sender-{Guid.NewGuid():N}");

    public virtual ServiceBusReceiver CreateReceiver(string queueName) => CreateReceiver(queueName, new ServiceBusReceiverOptions());

    public virtual ServiceBusReceiver CreateReceiver(string queueName, ServiceBusReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ServiceBusReceiver(ResolveEntityPath(queueName), _scope, _retry, options, options.Identifier ?? $"{Identifier}-receiver-{Guid.NewGuid():N}");
    }

    public virtual ServiceBusReceiver CreateReceiver(string topicName, string subscriptionName) =>
        CreateReceiver(topicName, subscriptionName, new ServiceBusReceiverOptions());

    public virtual ServiceBusReceiver CreateReceiver(string topicName, string subscriptionName, ServiceBusReceiverOptions options) =>
        CreateReceiver(SubscriptionPath(topicName, subscriptionName), options);

    public virtual ServiceBusProcessor CreateProcessor(string queueName) => CreateProcessor(queueName, new ServiceBusProcessorOptions());

    public virtual ServiceBusProcessor CreateProcessor(string queueName, ServiceBusProcessorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ServiceBusProcessor(ResolveEntityPath(queueName), _scope, _retry, options.Clone(), options.Identifier ?? $"{Identifier}-processor-{Guid.NewGuid():N}");
    }

    public virtual ServiceBusProcessor CreateProcessor(string topicName, string subscriptionName) =>
        CreateProcessor(topicName, subscriptionName, new ServiceBusProcessorOptions());

    public virtual ServiceBusProcessor CreateProcessor(string topicName, string subscriptionName, ServiceBusProcessorOptions options) =>
        CreateProcessor(SubscriptionPath(topicName, subscriptionName), options);

    /// <summary>Closes the connection; senders, receivers and processors created here stop working.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private static string SubscriptionPath(string topicName, string subscriptionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicName);
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionName);
        return $"{topicName}/Subscriptions/{subscriptionName}";
    }

    private string ResolveEntityPath(string entityPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityPath);
        if (_connectionStringEntityPath is { } fixedPath && !entityPath.StartsWith(fixedPath, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The connection string is scoped to '{fixedPath}'; it cannot reach '{entityPath}'.", nameof(entityPath));
        }

        return entityPath.Trim('/');
    }

    private static (AmqpConnectionScope, ServiceBusRetryPolicy, string, ServiceBusTransportType) Initialise(ServiceBusEndpoint endpoint, ICbsTokenProvider tokens,
        ServiceBusClientOptions options)
    {
        var own = new ServiceBusClientOptions
        {
            TransportType = options.TransportType,
            RetryOptions = (options.RetryOptions ?? new ServiceBusRetryOptions()).Clone(),
            Identifier = options.Identifier,
            ConnectionIdleTimeout = options.ConnectionIdleTimeout,
        };
        var identifier = options.Identifier ?? $"{endpoint.FullyQualifiedNamespace}-{Guid.NewGuid():N}";
        return (new AmqpConnectionScope(endpoint, tokens, own), new ServiceBusRetryPolicy(own.RetryOptions), identifier, own.TransportType);
    }
}
