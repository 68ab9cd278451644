using System.Xml.Linq;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Filters;
using static ServiceBusEmulator.Administration.AtomNames;

namespace ServiceBusEmulator.Administration;

/// <summary>
/// The namespace's entities as the administration API changes them: the configuration the broker runs (queues,
/// topics, subscriptions, rules) plus each entity's <see cref="EntitySettings"/>. Every change is checked as Azure
/// checks it (names, bounds, existence, forwarding targets) before anything changes, and is a pure function of the
/// request, so replaying the logged requests at start-up rebuilds the same state. Not thread-safe: the API serialises
/// changes.
/// </summary>
internal sealed class NamespaceEntities(EmulatorConfiguration configuration, DateTimeOffset startedAt)
{
    private readonly Dictionary<string, EntitySettings> _settings = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A Config.json subscription without rules has <c>$Default</c>; here it is spelled out, so it can be deleted.</summary>
    public EmulatorConfiguration Configuration { get; private set; } = configuration with
    {
        Topics = [.. configuration.Topics.Select(topic => topic with
        {
            Subscriptions = [.. topic.Subscriptions.Select(subscription => subscription.Rules.Count > 0 ? subscription : subscription with
            {
                Rules = [new RuleDefinition(RuleDefinition.DefaultRuleName, TrueFilter.Instance)],
            })],
        })],
    };

    public QueueDefinition? FindQueue(string name) =>
        Configuration.Queues.FirstOrDefault(q => q.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public TopicDefinition? FindTopic(string name) =>
        Configuration.Topics.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public SubscriptionDefinition? FindSubscription(string topic, string name) =>
        FindTopic(topic)?.Subscriptions.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public RuleDefinition? FindRule(string topic, string subscription, string name) =>
        FindSubscription(topic, subscription)?.Rules.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Takes the rules each subscription routes by now (clients change them over <c>$management</c> too, through
    /// <c>ServiceBusRuleManager</c>), so answers and rule changes start from what the broker does.
    /// </summary>
    public void TakeRulesFrom(Func<string, string, IReadOnlyList<RuleDefinition>?> currentRules)
    {
        foreach (var topic in Configuration.Topics)
        {
            foreach (var subscription in topic.Subscriptions)
            {
                if (currentRules(topic.Name, subscription.Name) is { } rules
                    && (rules.Count != subscription.Rules.Count || !rules.SequenceEqual(subscription.Rules)))
                {
                    ReplaceSubscription(topic.Name, subscription, subscription with { Rules = [.. rules] });
                }
            }
        }
    }

    /// <summary>Entities from Config.json were created when the emulator started.</summary>
    public EntitySettings SettingsOf(string path) => _settings.GetValueOrDefault(path) ?? EntitySettings.CreatedAtTime(startedAt);

    /// <summary>Creates (or, with <paramref name="isUpdate"/>, replaces) what the path names; true when it was created.</summary>
    public bool Put(AdministrationPath path, byte[] body, bool isUpdate, DateTimeOffset now)
    {
        switch (path.Target)
        {
            case AdministrationTarget.Entity:
                var descriptionName = DescriptionNameOf(body);
                return descriptionName == "TopicDescription"
                    ? PutTopic(path.Entity, EntityXml.ReadDescription(body, descriptionName), isUpdate, now)
                    : PutQueue(path.Entity, EntityXml.ReadDescription(body, "QueueDescription"), isUpdate, now);
            case AdministrationTarget.Subscription:
                return PutSubscription(path, EntityXml.ReadDescription(body, "SubscriptionDescription"), isUpdate, now);
            case AdministrationTarget.Rule:
                return PutRule(path, EntityXml.ReadDescription(body, "RuleDescription"), isUpdate, now);
            default:
                throw new AdministrationException(405, $"'{path.Target}' cannot be created or updated.");
        }
    }

    public void Delete(AdministrationPath path)
    {
        switch (path.Target)
        {
            case AdministrationTarget.Entity when FindQueue(path.Entity) is { } queue:
                RefuseIfForwardTarget(queue.Name);
                Configuration = Configuration with { Queues = [.. Configuration.Queues.Where(q => q != queue)] };
                ForgetSettings(queue.Name);
                break;
            case AdministrationTarget.Entity when FindTopic(path.Entity) is { } topic:
                RefuseIfForwardTarget(topic.Name);
                Configuration = Configuration with { Topics = [.. Configuration.Topics.Where(t => t != topic)] };
                ForgetSettings(topic.Name);
                break;
            case AdministrationTarget.Subscription when FindSubscription(path.Entity, path.Subscription) is { } subscription:
                var owner = FindTopic(path.Entity)!;
                ReplaceTopic(owner, owner with { Subscriptions = [.. owner.Subscriptions.Where(s => s != subscription)] });
                ForgetSettings(path.SubscriptionPath);
                break;
            case AdministrationTarget.Rule when FindRule(path.Entity, path.Subscription, path.Rule) is { } rule:
                var parent = FindSubscription(path.Entity, path.Subscription)!;
                ReplaceSubscription(path.Entity, parent, parent with { Rules = [.. parent.Rules.Where(r => r != rule)] });
                _settings.Remove(path.RulePath);
                break;
            case AdministrationTarget.Entity or AdministrationTarget.Subscription or AdministrationTarget.Rule:
                throw AdministrationException.NotFound(PathOf(path));
            default:
                throw new AdministrationException(405, $"'{path.Target}' cannot be deleted.");
        }
    }

    public static string PathOf(AdministrationPath path) => path.Target switch
    {
        AdministrationTarget.Subscription => path.SubscriptionPath,
        AdministrationTarget.Rule => path.RulePath,
        _ => path.Entity,
    };

    private bool PutQueue(string name, XElement description, bool isUpdate, DateTimeOffset now)
    {
        EntityNames.CheckEntityName(name);
        var existing = FindQueue(name);
        CheckExistence(name, existing is not null, FindTopic(name) is not null, isUpdate);
        var settings = SettingsFor(name, existing is null, now);
        var (properties, newSettings) = EntityXml.ReadQueue(description, existing?.Properties ?? new EntityProperties(), settings);
        RefuseImmutableChanges(existing?.Properties, properties, name);
        CheckForwarding(properties, existing?.Name ?? name);
        var queue = (existing ?? new QueueDefinition(name)) with { Properties = properties };
        Configuration = Configuration with
        {
            Queues = existing is null ? [.. Configuration.Queues, queue] : [.. Configuration.Queues.Select(q => q == existing ? queue : q)],
        };
        _settings[queue.Name] = newSettings;
        return existing is null;
    }

    private bool PutTopic(string name, XElement description, bool isUpdate, DateTimeOffset now)
    {
        EntityNames.CheckEntityName(name);
        var existing = FindTopic(name);
        CheckExistence(name, existing is not null, FindQueue(name) is not null, isUpdate);
        var settings = SettingsFor(name, existing is null, now);
        var (properties, newSettings) = EntityXml.ReadTopic(description, existing?.Properties ?? new EntityProperties(), settings);
        RefuseImmutableChanges(existing?.Properties, properties, name);
        var topic = (existing ?? new TopicDefinition(name)) with { Properties = properties };
        if (existing is null)
        {
            Configuration = Configuration with { Topics = [.. Configuration.Topics, topic] };
        }
        else
        {
            ReplaceTopic(existing, topic);
        }

        _settings[topic.Name] = newSettings;
        return existing is null;
    }

    private bool PutSubscription(AdministrationPath path, XElement description, bool isUpdate, DateTimeOffset now)
    {
        EntityNames.CheckSubscriptionName(path.Subscription);
        var topic = FindTopic(path.Entity) ?? throw AdministrationException.NotFound(path.Entity);
        var existing = FindSubscription(path.Entity, path.Subscription);
        CheckExistence(path.SubscriptionPath, existing is not null, takenByOtherKind: false, isUpdate);
        var settings = SettingsFor(path.SubscriptionPath, existing is null, now);
        var (properties, newSettings) = EntityXml.ReadSubscription(description, existing?.Properties ?? new EntityProperties(), settings);
        RefuseImmutableChanges(existing?.Properties, properties, path.SubscriptionPath);
        CheckForwarding(properties, selfName: topic.Name);
        var subscription = existing is not null
            ? existing with { Properties = properties }
            : new SubscriptionDefinition(path.Subscription)
            {
                Properties = properties,
                Rules = [description.Element(ServiceBus + "DefaultRuleDescription") is { } rule
                    ? RuleXml.Read(rule, name: null)
                    : new RuleDefinition(RuleDefinition.DefaultRuleName, TrueFilter.Instance)],
            };
        ReplaceTopic(topic, topic with
        {
            Subscriptions = existing is null ? [.. topic.Subscriptions, subscription] : [.. topic.Subscriptions.Select(s => s == existing ? subscription : s)],
        });
        _settings[path.SubscriptionPath] = newSettings;
        if (existing is null)
        {
            _settings[$"{path.SubscriptionPath}/Rules/{subscription.Rules[0].Name}"] = EntitySettings.CreatedAtTime(now);
        }

        return existing is null;
    }

    private bool PutRule(AdministrationPath path, XElement description, bool isUpdate, DateTimeOffset now)
    {
        var subscription = FindSubscription(path.Entity, path.Subscription) ?? throw AdministrationException.NotFound(path.SubscriptionPath);
        var existing = FindRule(path.Entity, path.Subscription, path.Rule);
        CheckExistence(path.RulePath, existing is not null, takenByOtherKind: false, isUpdate);

        var rule = RuleXml.Read(description, existing?.Name ?? path.Rule);
        ReplaceSubscription(path.Entity, subscription, subscription with
        {
            Rules = existing is null ? [.. subscription.Rules, rule] : [.. subscription.Rules.Select(r => r == existing ? rule : r)],
        });
        _settings[path.RulePath] = SettingsFor(path.RulePath, existing is null, now);
        return existing is null;
    }

    private static string DescriptionNameOf(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body);
            return XElement.Load(stream).Element(Atom + "content")?.Elements().FirstOrDefault()?.Name.LocalName ?? string.Empty;
        }
        catch (System.Xml.XmlException exception)
        {
            throw AdministrationException.BadRequest($"The request body is not XML: {exception.Message}");
        }
    }

    /// <summary>A create needs a free name (a queue and a topic cannot share one: 409); an update needs the entity (404).</summary>
    private static void CheckExistence(string path, bool exists, bool takenByOtherKind, bool isUpdate)
    {
        if (!isUpdate && (exists || takenByOtherKind))
        {
            throw AdministrationException.AlreadyExists(path);
        }

        if (isUpdate && !exists)
        {
            throw AdministrationException.NotFound(path);
        }
    }

    private EntitySettings SettingsFor(string path, bool isNew, DateTimeOffset now) =>
        isNew ? EntitySettings.CreatedAtTime(now) : SettingsOf(path) with { UpdatedAt = now };

    /// <summary>Azure fixes sessions and duplicate detection when an entity is created.</summary>
    private static void RefuseImmutableChanges(EntityProperties? before, EntityProperties after, string path)
    {
        if (before is not null && before.RequiresSession != after.RequiresSession)
        {
            throw AdministrationException.BadRequest($"{path}: RequiresSession cannot be changed on an existing entity.");
        }

        if (before is not null && before.RequiresDuplicateDetection != after.RequiresDuplicateDetection)
        {
            throw AdministrationException.BadRequest($"{path}: RequiresDuplicateDetection cannot be changed on an existing entity.");
        }
    }

    private void CheckForwarding(EntityProperties properties, string selfName)
    {
        foreach (var (name, target) in new[] { ("ForwardTo", properties.ForwardTo), ("ForwardDeadLetteredMessagesTo", properties.ForwardDeadLetteredMessagesTo) })
        {
            if (string.IsNullOrEmpty(target))
            {
                continue;
            }

            if (target.Equals(selfName, StringComparison.OrdinalIgnoreCase) && name == "ForwardTo")
            {
                throw AdministrationException.BadRequest($"{name}: an entity cannot forward to itself.");
            }

            if (FindQueue(target) is null && FindTopic(target) is null)
            {
                throw AdministrationException.BadRequest($"{name}: the destination entity '{target}' does not exist.");
            }
        }
    }

    /// <summary>Forwarding to a missing entity has no meaning here (no transfer dead-letter queue), so the target stays.</summary>
    private void RefuseIfForwardTarget(string name)
    {
        var sources = Configuration.Queues.Select(q => (q.Name, q.Properties))
            .Concat(Configuration.Topics.SelectMany(t => t.Subscriptions.Select(s => ($"{t.Name}/Subscriptions/{s.Name}", s.Properties))))
            .Where(e => !e.Item1.Equals(name, StringComparison.OrdinalIgnoreCase)
                && (name.Equals(e.Properties.ForwardTo, StringComparison.OrdinalIgnoreCase)
                    || name.Equals(e.Properties.ForwardDeadLetteredMessagesTo, StringComparison.OrdinalIgnoreCase)))
            .Select(e => e.Item1)
            .ToList();
        if (sources.Count > 0)
        {
            throw AdministrationException.BadRequest($"'{name}' is the forwarding destination of {string.Join(", ", sources)}; change those first.");
        }
    }

    private void ReplaceTopic(TopicDefinition current, TopicDefinition next) =>
        Configuration = Configuration with { Topics = [.. Configuration.Topics.Select(t => t == current ? next : t)] };

    private void ReplaceSubscription(string topicName, SubscriptionDefinition current, SubscriptionDefinition next)
    {
        var topic = FindTopic(topicName)!;
        ReplaceTopic(topic, topic with { Subscriptions = [.. topic.Subscriptions.Select(s => s == current ? next : s)] });
    }

    private void ForgetSettings(string prefix)
    {
        foreach (var key in _settings.Keys.Where(k => k.Equals(prefix, StringComparison.OrdinalIgnoreCase)
            || k.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            _settings.Remove(key);
        }
    }
}
