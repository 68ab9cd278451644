using ServiceBusEmulator.Configuration;

namespace ServiceBusEmulator.Broker;

// A subscription's rules read and changed while the broker runs (the $management rule operations). Changes apply to
// the next message sent to the topic; they live in memory only, like the entities of the configuration they start from.
public sealed partial class MessageBroker
{
    /// <summary>The rules of a subscription (path <c>topic/Subscriptions/name</c>), in the order they were added.</summary>
    public BrokerResult<IReadOnlyList<RuleDefinition>> GetRules(string subscriptionPath)
    {
        lock (_sync)
        {
            var subscription = FindSubscription(subscriptionPath, out var error);
            if (subscription is null)
            {
                return error!;
            }

            return subscription.Rules.ToArray();
        }
    }

    /// <summary>Adds a rule; a rule of the same name (case-insensitive, as in Azure) is refused with entity-already-exists.</summary>
    public BrokerResult AddRule(string subscriptionPath, RuleDefinition rule)
    {
        lock (_sync)
        {
            var subscription = FindSubscription(subscriptionPath, out var error);
            if (subscription is null)
            {
                return error!;
            }

            if (subscription.Rules.Any(existing => existing.Name.Equals(rule.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return new BrokerError(BrokerCondition.EntityAlreadyExists, $"The rule '{rule.Name}' already exists on '{subscription.Store.Path}'.");
            }

            subscription.Rules = [.. subscription.Rules, rule];
            return BrokerResult.Success;
        }
    }

    /// <summary>Removes a rule by name; a missing one is not-found.</summary>
    public BrokerResult RemoveRule(string subscriptionPath, string ruleName)
    {
        lock (_sync)
        {
            var subscription = FindSubscription(subscriptionPath, out var error);
            if (subscription is null)
            {
                return error!;
            }

            if (!subscription.Rules.Any(rule => rule.Name.Equals(ruleName, StringComparison.OrdinalIgnoreCase)))
            {
                return new BrokerError(BrokerCondition.NotFound, $"The rule '{ruleName}' could not be found on '{subscription.Store.Path}'.");
            }

            subscription.Rules = [.. subscription.Rules.Where(rule => !rule.Name.Equals(ruleName, StringComparison.OrdinalIgnoreCase))];
            return BrokerResult.Success;
        }
    }

    private Subscription? FindSubscription(string subscriptionPath, out BrokerError? error)
    {
        var parsed = EntityAddress.Parse(subscriptionPath);
        var parts = parsed.EntityPath.Split('/');
        var subscription = parsed.SubQueue == SubQueue.None && parts.Length == 3
            && parts[1].Equals("Subscriptions", StringComparison.OrdinalIgnoreCase)
            && _entities.TryGetValue(parts[0], out var topic) && topic.Kind == EntityKind.Topic
                ? topic.Subscriptions.Find(s => s.Name.Equals(parts[2], StringComparison.OrdinalIgnoreCase))
                : null;
        error = subscription is null
            ? new BrokerError(BrokerCondition.NotFound, $"Rules exist only on subscriptions; '{parsed.EntityPath}' is not one.")
            : null;
        return subscription;
    }
}
