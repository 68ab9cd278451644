namespace ServiceBusEmulator.Broker;

// Sending, scheduling and routing (queues, topic fan-out, auto-forwarding).
public sealed partial class MessageBroker
{
    /// <summary>
    /// Sends one message or a batch (all-or-nothing: every message is validated before any is stored). A message
    /// with a future ScheduledEnqueueTime is scheduled. Completes when the messages are durable.
    /// </summary>
    public async ValueTask<BrokerResult<IReadOnlyList<SendOutcome>>> SendAsync(string address, IReadOnlyList<BrokerMessage> messages)
    {
        var ticket = 0L;
        BrokerResult<IReadOnlyList<SendOutcome>> result;
        lock (_sync)
        {
            result = SendLocked(address, messages, ref ticket);
        }

        await WaitDurableAsync(ticket).ConfigureAwait(false);
        return result;
    }

    public ValueTask<BrokerResult<IReadOnlyList<SendOutcome>>> SendAsync(string address, BrokerMessage message) =>
        SendAsync(address, [message]);

    /// <summary>The management operation schedule-message: every message needs a ScheduledEnqueueTime.</summary>
    public ValueTask<BrokerResult<IReadOnlyList<SendOutcome>>> ScheduleAsync(string address, IReadOnlyList<BrokerMessage> messages)
    {
        foreach (var message in messages)
        {
            if (message.ScheduledEnqueueTime is null)
            {
                return ValueTask.FromResult<BrokerResult<IReadOnlyList<SendOutcome>>>(new BrokerError(
                    BrokerCondition.ArgumentError, "A scheduled message needs a ScheduledEnqueueTime."));
            }
        }

        return SendAsync(address, messages);
    }

    /// <summary>Cancels scheduled messages by the sequence numbers Schedule returned.</summary>
    public async ValueTask<BrokerResult> CancelScheduledAsync(string address, IReadOnlyList<long> sequenceNumbers)
    {
        var ticket = 0L;
        lock (_sync)
        {
            var parsed = EntityAddress.Parse(address);
            if (parsed.SubQueue != SubQueue.None || !_entities.TryGetValue(parsed.EntityPath, out var entity))
            {
                return BrokerError.EntityNotFound(parsed.StorePath);
            }

            var now = _time.GetUtcNow();
            var found = new List<BrokerMessage>();
            foreach (var sequenceNumber in sequenceNumbers)
            {
                if (entity.QueueStore is { } queue)
                {
                    if (queue.Find(sequenceNumber) is not { State: MessageState.Scheduled } scheduled)
                    {
                        return new BrokerError(BrokerCondition.MessageNotFound, $"No scheduled message with sequence number {sequenceNumber} in '{entity.Name}'.");
                    }

                    found.Add(scheduled);
                    continue;
                }

                // A topic's scheduled message lives as one copy per matching subscription, under the topic's number.
                found.AddRange(entity.Subscriptions.SelectMany(s => s.Store.Messages)
                    .Where(m => m.State == MessageState.Scheduled && m.EnqueuedSequenceNumber == sequenceNumber));
            }

            foreach (var message in found)
            {
                var store = message.Store!;
                store.Remove(message);
                ticket = Math.Max(ticket, _journal?.WriteDelete(store.Key, message.SequenceNumber) ?? 0);
                ProcessDue(store, now);
            }
        }

        await WaitDurableAsync(ticket).ConfigureAwait(false);
        return BrokerResult.Success;
    }

    private BrokerResult<IReadOnlyList<SendOutcome>> SendLocked(string address, IReadOnlyList<BrokerMessage> messages, ref long ticket)
    {
        if (CheckSend(address, messages, out var entity) is { } error)
        {
            return error;
        }

        return Store(entity!, messages, _time.GetUtcNow(), ref ticket);
    }

    /// <summary>Null when <paramref name="messages"/> can be stored now: the entity exists and takes them (size, sessions).</summary>
    private BrokerError? CheckSend(string address, IReadOnlyList<BrokerMessage> messages, out SendableEntity? entity)
    {
        var parsed = EntityAddress.Parse(address);
        if (parsed.IsManagement)
        {
            entity = null;
            return new BrokerError(BrokerCondition.NotAllowed, "Messages cannot be sent to a management node.");
        }

        if (!_entities.TryGetValue(parsed.EntityPath, out entity) || parsed.SubQueue != SubQueue.None)
        {
            entity = null;
            return _stores.ContainsKey(parsed.StorePath)
                ? new BrokerError(BrokerCondition.NotAllowed, $"Messages cannot be sent to '{parsed.StorePath}': send to its queue or topic.")
                : BrokerError.EntityNotFound(parsed.StorePath);
        }

        var total = 0L;
        foreach (var message in messages)
        {
            total += message.Size;
            if (message.Size > entity.Properties.MaxMessageSizeInBytes || total > entity.Properties.MaxMessageSizeInBytes)
            {
                return new BrokerError(BrokerCondition.MessageSizeExceeded,
                    $"The message ({(messages.Count > 1 ? "batch " : string.Empty)}{total} bytes) exceeds the maximum message size of {entity.Properties.MaxMessageSizeInBytes} bytes for '{entity.Name}'.");
            }

            if (message.SessionId is null && RequiresSession(entity))
            {
                return new BrokerError(BrokerCondition.NotAllowed,
                    $"'{entity.Name}' requires sessions: the message must have a SessionId.");
            }
        }

        return null;
    }

    /// <summary>Stores checked messages (duplicates dropped); cannot fail.</summary>
    private SendOutcome[] Store(SendableEntity entity, IReadOnlyList<BrokerMessage> messages, DateTimeOffset now, ref long ticket)
    {
        var outcomes = new SendOutcome[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.MessageId is null)
            {
                // The JS SDK's auto lock renewal fails on messages without an id, and Azure assigns one too.
                message.MessageId = Guid.NewGuid().ToString("N");
                message.SystemPropertiesModified = true;
            }

            if (entity.Duplicates is { } duplicates)
            {
                if (duplicates.IsDuplicate(message.MessageId, now))
                {
                    outcomes[i] = new SendOutcome(-1, message.MessageId, IsDuplicate: true);
                    continue;
                }

                duplicates.Remember(message.MessageId, now);
            }

            outcomes[i] = new SendOutcome(Route(entity, message, now, hops: 0, ref ticket), message.MessageId, IsDuplicate: false);
        }

        return outcomes;
    }

    private bool RequiresSession(SendableEntity entity)
    {
        if (entity.QueueStore is { } queue)
        {
            return queue.RequiresSession && string.IsNullOrEmpty(queue.Properties.ForwardTo);
        }

        return entity.Subscriptions.Any(s => s.Store.RequiresSession);
    }

    /// <summary>Stores a message in a queue, or copies it to the matching subscriptions of a topic. Returns the sequence number.</summary>
    private long Route(SendableEntity entity, BrokerMessage message, DateTimeOffset now, int hops, ref long ticket)
    {
        if (entity.QueueStore is { } queue)
        {
            if (!string.IsNullOrEmpty(queue.Properties.ForwardTo) && hops < MaxForwardingHops)
            {
                return Route(_entities[queue.Properties.ForwardTo], message, now, hops + 1, ref ticket);
            }

            Enqueue(queue, message, ++queue.LastSequenceNumber, now, ref ticket);
            return message.SequenceNumber;
        }

        var topicSequence = ++entity.LastSequenceNumber;
        foreach (var subscription in entity.Subscriptions)
        {
            var plainMatch = false;
            foreach (var rule in subscription.Rules)
            {
                if (!rule.Filter.Matches(message))
                {
                    continue;
                }

                if (rule.Action is null)
                {
                    plainMatch = true;
                    continue;
                }

                // Azure: every matching rule with an action yields its own copy; matching rules without one share a copy.
                var modified = message.Snapshot();
                rule.Action.Apply(modified);
                Deliver(entity, subscription, modified, topicSequence, now, hops, ref ticket);
            }

            if (plainMatch)
            {
                Deliver(entity, subscription, message.Snapshot(), topicSequence, now, hops, ref ticket);
            }
        }

        return topicSequence;
    }

    private void Deliver(SendableEntity topic, Subscription subscription, BrokerMessage copy, long topicSequence, DateTimeOffset now, int hops, ref long ticket)
    {
        var store = subscription.Store;
        if (!string.IsNullOrEmpty(store.Properties.ForwardTo) && hops < MaxForwardingHops)
        {
            Route(_entities[store.Properties.ForwardTo], copy, now, hops + 1, ref ticket);
            return;
        }

        // The topic's default time-to-live caps its subscriptions' copies, as the subscription's own default does.
        Enqueue(store, copy, ++store.LastSequenceNumber, now, ref ticket, topicSequence, topic.Properties.DefaultMessageTimeToLive);
    }

    private void Enqueue(
        MessageStore store,
        BrokerMessage message,
        long sequenceNumber,
        DateTimeOffset now,
        ref long ticket,
        long? topicSequenceNumber = null,
        TimeSpan? timeToLiveCap = null)
    {
        message.SequenceNumber = sequenceNumber;
        message.EnqueuedSequenceNumber = topicSequenceNumber ?? sequenceNumber;
        message.DeliveryCount = 0;
        message.LockToken = Guid.Empty;
        var scheduled = message.ScheduledEnqueueTime is { } at && at > now;
        message.State = scheduled ? MessageState.Scheduled : MessageState.Active;
        message.EnqueuedTime = scheduled ? message.ScheduledEnqueueTime!.Value : now;
        message.ExpiresAt = ExpiryOf(store, message, timeToLiveCap ?? TimeSpan.MaxValue);
        store.Add(message, now);
        store.EnqueuedTotal++;
        ticket = Math.Max(ticket, _journal?.WritePut(store.Key, message) ?? 0);
    }

    private static DateTimeOffset ExpiryOf(MessageStore store, BrokerMessage message, TimeSpan cap)
    {
        if (store.IsDeadLetterQueue)
        {
            return DateTimeOffset.MaxValue;
        }

        var ttl = store.Properties.DefaultMessageTimeToLive < cap ? store.Properties.DefaultMessageTimeToLive : cap;
        if (message.TimeToLive is { } own && own > TimeSpan.Zero && own < ttl)
        {
            ttl = own;
        }

        return ttl >= DateTimeOffset.MaxValue - message.EnqueuedTime ? DateTimeOffset.MaxValue : message.EnqueuedTime + ttl;
    }
}
