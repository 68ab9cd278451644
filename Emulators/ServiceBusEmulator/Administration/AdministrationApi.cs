using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Security;
using static ServiceBusEmulator.Administration.AtomNames;

namespace ServiceBusEmulator.Administration;

/// <summary>
/// Service Bus's ATOM management API, as <c>ServiceBusAdministrationClient</c> uses it: GET, PUT (create; update with
/// <c>If-Match: *</c>) and DELETE of queues, topics, subscriptions and rules, the <c>$Resources/queues|topics</c> and
/// <c>{topic}/Subscriptions[/{sub}/Rules]</c> feeds (<c>$skip</c>, <c>$top</c>), runtime counts in every description,
/// and <c>$namespaceinfo</c>. Each request carries a SAS token in <c>Authorization</c>, checked like a CBS token.
/// Changes reach the broker at once (AMQP links can attach to a new entity as soon as the PUT is answered) and are
/// logged in the data directory before the answer. Errors are Azure's: 400, 401, 404, 409 with an XML body.
/// </summary>
public sealed class AdministrationApi : IDisposable
{
    /// <summary>One request at a time: changes are rare, and this keeps each one atomic with its log line.</summary>
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly MessageBroker _broker;
    private readonly SasTokenValidator _validator;
    private readonly NamespaceEntities _entities;
    private readonly AdministrationLog? _log;
    private readonly DateTimeOffset _startedAt;

    internal AdministrationApi(MessageBroker broker, SasTokenValidator validator, NamespaceEntities entities, AdministrationLog? log, DateTimeOffset startedAt)
    {
        _broker = broker;
        _validator = validator;
        _entities = entities;
        _log = log;
        _startedAt = startedAt;
    }

    public async Task<AdministrationResponse> HandleAsync(AdministrationRequest request)
    {
        try
        {
            Authorize(request);
            var path = AdministrationPath.Parse(request.Path) ?? throw AdministrationException.NotFound(request.Path);
            await _serial.WaitAsync().ConfigureAwait(false);
            try
            {
                TakeRulesFromBroker();
                return request.Method switch
                {
                    "GET" => Get(request, path),
                    "PUT" => await PutAsync(request, path).ConfigureAwait(false),
                    "DELETE" => await DeleteAsync(request, path).ConfigureAwait(false),
                    _ => throw new AdministrationException(405, $"{request.Method} is not supported; use GET, PUT or DELETE."),
                };
            }
            finally
            {
                _serial.Release();
            }
        }
        catch (AdministrationException exception)
        {
            return Error(exception.StatusCode, exception.Message);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or XmlException)
        {
            // A failed write to the data directory or a defect here: the client gets Azure's 500, the listener lives on.
            return Error(500, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>
    /// Writes the rule changes a client made over <c>$management</c> (<c>ServiceBusRuleManager</c>) on a subscription to
    /// the administration log, as the PUT and DELETE requests that would have made them, so they survive a restart too.
    /// </summary>
    public async Task RecordRuleChangesAsync(string subscriptionPath)
    {
        if (_log is null || AdministrationPath.Parse(subscriptionPath + "/Rules") is not { Target: AdministrationTarget.RuleList } path)
        {
            return;
        }

        await _serial.WaitAsync().ConfigureAwait(false);
        try
        {
            var before = _entities.FindSubscription(path.Entity, path.Subscription)?.Rules ?? [];
            if (_broker.GetRules(path.SubscriptionPath) is not { IsSuccess: true } current)
            {
                return;
            }

            var now = _broker.TimeProvider.GetUtcNow();
            foreach (var removed in before.Where(rule => !current.Value.Any(r => r.Name.Equals(rule.Name, StringComparison.OrdinalIgnoreCase))))
            {
                _log.Append(now, "DELETE", $"{path.SubscriptionPath}/Rules/{removed.Name}", isUpdate: false, []);
            }

            foreach (var rule in current.Value.Where(rule => !before.Contains(rule)))
            {
                var existed = before.Any(r => r.Name.Equals(rule.Name, StringComparison.OrdinalIgnoreCase));
                var entry = new XElement(Atom + "entry", new XElement(Atom + "content", new XAttribute("type", "application/xml"), RuleXml.Write(rule, now)));
                _log.Append(now, "PUT", $"{path.SubscriptionPath}/Rules/{rule.Name}", existed, System.Text.Encoding.UTF8.GetBytes(entry.ToString(SaveOptions.DisableFormatting)));
            }

            TakeRulesFromBroker();
        }
        finally
        {
            _serial.Release();
        }
    }

    private void TakeRulesFromBroker() => _entities.TakeRulesFrom((topic, subscription) =>
        _broker.GetRules($"{topic}/Subscriptions/{subscription}") is { IsSuccess: true } rules ? rules.Value : null);

    public void Dispose()
    {
        _log?.Dispose();
        _serial.Dispose();
    }

    private void Authorize(AdministrationRequest request)
    {
        if (request.Header("Authorization") is not { Length: > 0 } token)
        {
            throw new AdministrationException(401, "MissingToken: The authorization header was not found.");
        }

        var result = _validator.Validate(token, $"sb://{EntityXml.HostName(request.Host)}/{request.Path}");
        if (!result.IsValid)
        {
            throw new AdministrationException(401, $"InvalidSignature: {result.Reason}");
        }
    }

    private AdministrationResponse Get(AdministrationRequest request, AdministrationPath path)
    {
        switch (path.Target)
        {
            case AdministrationTarget.NamespaceInfo:
                return Entry(request, path, "sbemulatorns", new XElement(ServiceBus + "NamespaceInfo",
                    new XElement(ServiceBus + "CreatedTime", Time(_startedAt)),
                    new XElement(ServiceBus + "MessagingSKU", "Standard"),
                    new XElement(ServiceBus + "MessagingUnits", 0),
                    new XElement(ServiceBus + "ModifiedTime", Time(_startedAt)),
                    new XElement(ServiceBus + "Name", _entities.Configuration.NamespaceName),
                    new XElement(ServiceBus + "NamespaceType", "Messaging")), 200);
            case AdministrationTarget.QueueList:
                return Feed(request, "Queues", _entities.Configuration.Queues.Select(q => EntryElement(request, q.Name, QueueXml(q, request))));
            case AdministrationTarget.TopicList:
                return Feed(request, "Topics", _entities.Configuration.Topics.Select(t => EntryElement(request, t.Name, TopicXml(t))));
            case AdministrationTarget.Entity:
                return _entities.FindQueue(path.Entity) is { } queue ? Entry(request, path, queue.Name, QueueXml(queue, request), 200)
                    : _entities.FindTopic(path.Entity) is { } topic ? Entry(request, path, topic.Name, TopicXml(topic), 200)
                    : throw AdministrationException.NotFound(path.Entity);
            case AdministrationTarget.SubscriptionList:
                var owner = _entities.FindTopic(path.Entity) ?? throw AdministrationException.NotFound(path.Entity);
                return Feed(request, "Subscriptions", owner.Subscriptions.Select(s =>
                    EntryElement(request, s.Name, SubscriptionXml(owner.Name, s, request))));
            case AdministrationTarget.Subscription:
                var subscription = _entities.FindSubscription(path.Entity, path.Subscription) ?? throw AdministrationException.NotFound(path.SubscriptionPath);
                return Entry(request, path, subscription.Name, SubscriptionXml(path.Entity, subscription, request), 200);
            case AdministrationTarget.RuleList:
                var parent = _entities.FindSubscription(path.Entity, path.Subscription) ?? throw AdministrationException.NotFound(path.SubscriptionPath);
                return Feed(request, "Rules", parent.Rules.Select(r =>
                    EntryElement(request, r.Name, RuleXml.Write(r, _entities.SettingsOf($"{path.SubscriptionPath}/Rules/{r.Name}").CreatedAt))));
            default:
                var rule = _entities.FindRule(path.Entity, path.Subscription, path.Rule) ?? throw AdministrationException.NotFound(path.RulePath);
                return Entry(request, path, rule.Name, RuleXml.Write(rule, _entities.SettingsOf(path.RulePath).CreatedAt), 200);
        }
    }

    private async Task<AdministrationResponse> PutAsync(AdministrationRequest request, AdministrationPath path)
    {
        var now = _broker.TimeProvider.GetUtcNow();
        var isUpdate = request.Header("If-Match") is not null;
        var before = _entities.Configuration;
        var created = _entities.Put(path, request.Body, isUpdate, now);
        await CommitAsync(before, now, "PUT", request, isUpdate).ConfigureAwait(false);
        var response = Get(request, path);
        return response with { StatusCode = created ? 201 : 200 };
    }

    private async Task<AdministrationResponse> DeleteAsync(AdministrationRequest request, AdministrationPath path)
    {
        var now = _broker.TimeProvider.GetUtcNow();
        var before = _entities.Configuration;
        _entities.Delete(path);
        await CommitAsync(before, now, "DELETE", request, isUpdate: false).ConfigureAwait(false);
        return new AdministrationResponse(200, XmlContentType, string.Empty);
    }

    /// <summary>The broker first (its removals durable), then the log line, then the answer.</summary>
    private async Task CommitAsync(EmulatorConfiguration before, DateTimeOffset now, string method, AdministrationRequest request, bool isUpdate)
    {
        if (!ReferenceEquals(before, _entities.Configuration))
        {
            await _broker.ReconfigureAsync(_entities.Configuration).ConfigureAwait(false);
        }

        _log?.Append(now, method, request.Path, isUpdate, request.Body);
    }

    private XElement QueueXml(QueueDefinition queue, AdministrationRequest request) =>
        EntityXml.WriteQueue(queue, _entities.SettingsOf(queue.Name), Counts(queue.Name), request.Host);

    private XElement TopicXml(TopicDefinition topic)
    {
        var size = topic.Subscriptions.Sum(s => Counts($"{topic.Name}/Subscriptions/{s.Name}").SizeInBytes);
        var scheduled = _broker.CountScheduledInTopic(topic.Name).Value;
        return EntityXml.WriteTopic(topic, _entities.SettingsOf(topic.Name), size, scheduled);
    }

    private XElement SubscriptionXml(string topic, SubscriptionDefinition subscription, AdministrationRequest request)
    {
        var path = $"{topic}/Subscriptions/{subscription.Name}";
        return EntityXml.WriteSubscription(subscription, _entities.SettingsOf(path), Counts(path), request.Host);
    }

    private EntityRuntimeCounts Counts(string path) =>
        _broker.GetRuntimeCounts(path) is { IsSuccess: true } result
            ? result.Value
            : new EntityRuntimeCounts(new EntityMessageCounts(path, 0, 0, 0, 0), 0);

    private static AdministrationResponse Entry(AdministrationRequest request, AdministrationPath path, string title, XElement description, int status) =>
        new(status, AtomContentType, EntryElement(request, title, description, NamespaceEntities.PathOf(path)).ToString(SaveOptions.DisableFormatting));

    private static XElement EntryElement(AdministrationRequest request, string title, XElement description, string? path = null)
    {
        var self = $"http://{request.Host}/{path ?? request.Path}?api-version=2024-05";
        var updated = Time(DateTimeOffset.UtcNow);
        return new XElement(Atom + "entry",
            new XElement(Atom + "id", self),
            new XElement(Atom + "title", new XAttribute("type", "text"), title),
            new XElement(Atom + "published", updated),
            new XElement(Atom + "updated", updated),
            new XElement(Atom + "author", new XElement(Atom + "name", "sbemulatorns")),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", self)),
            new XElement(Atom + "content", new XAttribute("type", "application/xml"), description));
    }

    private static AdministrationResponse Feed(AdministrationRequest request, string title, IEnumerable<XElement> entries)
    {
        var skip = Paging(request, "$skip", 0);
        var top = Paging(request, "$top", 100);
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "title", new XAttribute("type", "text"), title),
            new XElement(Atom + "id", $"http://{request.Host}/{request.Path}"),
            new XElement(Atom + "updated", Time(DateTimeOffset.UtcNow)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", $"http://{request.Host}/{request.Path}")),
            entries.Skip(skip).Take(top));
        return new AdministrationResponse(200, FeedContentType, feed.ToString(SaveOptions.DisableFormatting));
    }

    private static int Paging(AdministrationRequest request, string name, int fallback)
    {
        if (!request.Query.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw AdministrationException.BadRequest($"{name}: '{text}' is not a non-negative integer.");
    }

    private static string Time(DateTimeOffset time) => XmlConvert.ToString(time.UtcDateTime, XmlDateTimeSerializationMode.Utc);

    /// <summary>Azure's error body: the status and a detail the SDK puts in its exception message.</summary>
    private static AdministrationResponse Error(int status, string detail) =>
        new(status, XmlContentType, new XElement("Error", new XElement("Code", status), new XElement("Detail", detail)).ToString(SaveOptions.DisableFormatting));
}
