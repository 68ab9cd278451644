// Drives the official @azure/service-bus SDK (pinned in the repository's package.json) through one named scenario
// against the emulator. Usage: node run.js <scenario>, with SERVICEBUS_CONNECTION_STRING set.
// Exit code 0 and "PASS <scenario>" on success; otherwise exit 1 with the SDK's error code and message, so the
// xunit test that launched it can show exactly what went wrong.
'use strict';
const { ServiceBusClient } = require('@azure/service-bus');

const connectionString = process.env.SERVICEBUS_CONNECTION_STRING;
const scenarioName = process.argv[2];

class Failure extends Error {}
function check(condition, message) {
  if (!condition) throw new Failure(message);
}
function equal(actual, expected, what) {
  check(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (prefix) => `${prefix}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;

async function expectError(promise, code, what) {
  try {
    await promise;
  } catch (err) {
    check(err.code === code, `${what}: expected error code ${code}, got ${err.code}: ${err.message}`);
    console.log(`expected error ${code}: ${err.message}`);
    return err;
  }
  throw new Failure(`${what}: expected error code ${code}, but the call succeeded`);
}

// Receives exactly `count` messages (or fails after `seconds`), collecting across receive calls.
async function receiveExactly(receiver, count, seconds = 10) {
  const received = [];
  const deadline = Date.now() + seconds * 1000;
  while (received.length < count && Date.now() < deadline) {
    const batch = await receiver.receiveMessages(count - received.length, { maxWaitTimeInMs: 2000 });
    received.push(...batch);
  }
  equal(received.length, count, 'number of received messages');
  return received;
}

const scenarios = {
  async 'send-single'(client) {
    const sender = client.createSender('send');
    await sender.sendMessages({ body: 'one', messageId: 'single-1', applicationProperties: { n: 1, neg: -2, big: 2 ** 40, f: 1.5, ok: true } });
    const receiver = client.createReceiver('send', { receiveMode: 'receiveAndDelete' });
    const [m] = await receiveExactly(receiver, 1);
    equal(m.body, 'one', 'body');
    equal(m.messageId, 'single-1', 'messageId');
    equal(m.applicationProperties, { n: 1, neg: -2, big: 2 ** 40, f: 1.5, ok: true }, 'application properties');
    check(Number(m.sequenceNumber) > 0, 'a sequence number was assigned');
    check(m.enqueuedTimeUtc instanceof Date, 'an enqueued time was assigned');
  },

  async 'send-array'(client) {
    const sender = client.createSender('send');
    await sender.sendMessages([{ body: 'a1' }, { body: 'a2' }, { body: 'a3' }]);
    const receiver = client.createReceiver('send', { receiveMode: 'receiveAndDelete' });
    const received = await receiveExactly(receiver, 3);
    equal(received.map((m) => m.body), ['a1', 'a2', 'a3'], 'bodies in order');
    check(received.every((m) => typeof m.messageId === 'string' && m.messageId.length > 0), 'the broker assigned message ids');
  },

  async 'send-batch'(client) {
    const sender = client.createSender('send');
    const batch = await sender.createMessageBatch();
    equal(batch.maxSizeInBytes, 262144, 'advertised max message size');
    for (let i = 0; i < 5; i++) check(batch.tryAddMessage({ body: `b${i}` }), 'message fits the batch');
    await sender.sendMessages(batch);
    const receiver = client.createReceiver('send', { receiveMode: 'receiveAndDelete' });
    const received = await receiveExactly(receiver, 5);
    equal(received.map((m) => m.body), ['b0', 'b1', 'b2', 'b3', 'b4'], 'bodies in order');
  },

  async 'schedule-and-cancel'(client) {
    const sender = client.createSender('schedule');
    // Far enough ahead that a slow machine still peeks and tries an early receive before it is due.
    const at = new Date(Date.now() + 6000);
    const [keep] = await sender.scheduleMessages({ body: 'keep' }, at);
    const [cancel] = await sender.scheduleMessages({ body: 'cancel' }, at);
    await sender.cancelScheduledMessages(cancel);
    const receiver = client.createReceiver('schedule');
    const peeked = await receiver.peekMessages(10);
    equal(peeked.map((m) => m.body), ['keep'], 'scheduled messages visible to peek after cancel');
    equal(peeked[0].state, 'scheduled', 'peeked state');
    const early = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    equal(early.length, 0, 'nothing receivable before the scheduled time');
    const [m] = await receiveExactly(receiver, 1, 20);
    check(Date.now() >= at.getTime() - 50, 'the scheduled message arrived no earlier than its time');
    equal(m.body, 'keep', 'scheduled message body');
    equal(String(m.sequenceNumber), String(keep), 'sequence number returned by schedule');
    await receiver.completeMessage(m);
  },

  async 'peek'(client) {
    const sender = client.createSender('peek');
    await sender.sendMessages([{ body: 'p1' }, { body: 'p2' }]);
    const receiver = client.createReceiver('peek');
    const peeked = await receiver.peekMessages(5);
    equal(peeked.map((m) => m.body), ['p1', 'p2'], 'peeked bodies');
    const again = await receiver.peekMessages(5);
    equal(again.length, 0, 'a second peek continues after the last peeked message');
    const emptyReceiver = client.createReceiver('peek-empty');
    const empty = await emptyReceiver.peekMessages(5);
    equal(empty.length, 0, 'peek of an empty queue');
  },

  async 'peek-lock-complete'(client) {
    await client.createSender('peeklock').sendMessages([{ body: 'c1' }, { body: 'c2' }]);
    const receiver = client.createReceiver('peeklock');
    const received = await receiveExactly(receiver, 2);
    for (const m of received) {
      check(m.lockToken && m.lockedUntilUtc > new Date(), 'message is locked');
      equal(m.deliveryCount, 0, 'first delivery count');
      await receiver.completeMessage(m);
    }
    const after = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    equal(after.length, 0, 'completed messages are gone');
  },

  async 'abandon-with-properties'(client) {
    await client.createSender('abandon').sendMessages({ body: 'retry-me' });
    const receiver = client.createReceiver('abandon');
    const [first] = await receiveExactly(receiver, 1);
    await receiver.abandonMessage(first, { attempt: 'first', count: 7 });
    const [second] = await receiveExactly(receiver, 1);
    equal(second.body, 'retry-me', 'redelivered body');
    equal(second.deliveryCount, 1, 'delivery count after abandon');
    equal(second.applicationProperties.attempt, 'first', 'modified property');
    equal(second.applicationProperties.count, 7, 'modified numeric property');
    await receiver.completeMessage(second);
  },

  async 'dead-letter-with-reason'(client) {
    await client.createSender('deadletter').sendMessages({ body: 'poison', messageId: 'dl-1' });
    const receiver = client.createReceiver('deadletter');
    const [m] = await receiveExactly(receiver, 1);
    await receiver.deadLetterMessage(m, { deadLetterReason: 'BadThing', deadLetterErrorDescription: 'it was bad' });
    const dlq = client.createReceiver('deadletter', { subQueueType: 'deadLetter' });
    const [dead] = await receiveExactly(dlq, 1);
    equal(dead.messageId, 'dl-1', 'dead-lettered message id');
    equal(dead.deadLetterReason, 'BadThing', 'reason');
    equal(dead.deadLetterErrorDescription, 'it was bad', 'description');
    await dlq.completeMessage(dead);
  },

  async 'defer-and-receive-deferred'(client) {
    await client.createSender('defer').sendMessages({ body: 'later' });
    const receiver = client.createReceiver('defer');
    const [m] = await receiveExactly(receiver, 1);
    const sequenceNumber = m.sequenceNumber;
    await receiver.deferMessage(m);
    const none = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    equal(none.length, 0, 'a deferred message is not received normally');
    const [deferred] = await receiver.receiveDeferredMessages(sequenceNumber);
    check(deferred, 'the deferred message came back by sequence number');
    equal(deferred.body, 'later', 'deferred body');
    equal(deferred.state, 'deferred', 'deferred state');
    await receiver.completeMessage(deferred);
    const peeked = await receiver.peekMessages(5);
    equal(peeked.length, 0, 'completed deferred message is gone');
  },

  async 'renew-lock'(client) {
    await client.createSender('renew').sendMessages({ body: 'hold' });
    const receiver = client.createReceiver('renew');
    const [m] = await receiveExactly(receiver, 1);
    const before = m.lockedUntilUtc.getTime();
    await sleep(1100);
    const renewed = await receiver.renewMessageLock(m);
    check(renewed.getTime() > before, `lock renewed beyond ${new Date(before).toISOString()}: ${renewed.toISOString()}`);
    await receiver.completeMessage(m);
  },

  async 'receive-and-delete'(client) {
    await client.createSender('rad').sendMessages([{ body: 'r1' }, { body: 'r2' }]);
    const receiver = client.createReceiver('rad', { receiveMode: 'receiveAndDelete' });
    const received = await receiveExactly(receiver, 2);
    equal(received.map((m) => m.body), ['r1', 'r2'], 'bodies');
    const peeked = await receiver.peekMessages(5);
    equal(peeked.length, 0, 'received messages were deleted');
  },

  async 'streaming-subscribe'(client) {
    await client.createSender('subscribe').sendMessages([{ body: 's1' }, { body: 's2' }, { body: 's3' }]);
    const receiver = client.createReceiver('subscribe');
    const bodies = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Failure(`subscribe got only ${JSON.stringify(bodies)}`)), 15000);
      const subscription = receiver.subscribe({
        async processMessage(m) {
          bodies.push(m.body);
          if (bodies.length === 3) {
            clearTimeout(timer);
            setImmediate(() => subscription.close().then(resolve, reject));
          }
        },
        async processError(args) {
          clearTimeout(timer);
          reject(args.error);
        },
      });
    });
    equal(bodies, ['s1', 's2', 's3'], 'streamed bodies');
    const left = await receiver.peekMessages(5);
    equal(left.length, 0, 'auto-completed messages are gone');
  },

  async 'max-delivery-count-dead-letters'(client) {
    await client.createSender('maxdelivery').sendMessages({ body: 'bounce', messageId: 'md-1' });
    const receiver = client.createReceiver('maxdelivery');
    for (let i = 0; i < 2; i++) {
      const [m] = await receiveExactly(receiver, 1);
      await receiver.abandonMessage(m);
    }
    const none = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    equal(none.length, 0, 'the message left the queue after MaxDeliveryCount');
    const dlq = client.createReceiver('maxdelivery', { subQueueType: 'deadLetter' });
    const [dead] = await receiveExactly(dlq, 1);
    equal(dead.messageId, 'md-1', 'dead-lettered message id');
    equal(dead.deadLetterReason, 'MaxDeliveryCountExceeded', 'reason');
    await dlq.completeMessage(dead);
  },

  async 'ttl-expiry-dead-letters'(client) {
    await client.createSender('ttl').sendMessages({ body: 'short-lived', messageId: 'ttl-1', timeToLive: 1000 });
    await sleep(1500);
    const receiver = client.createReceiver('ttl');
    const none = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    equal(none.length, 0, 'an expired message is not delivered');
    const dlq = client.createReceiver('ttl', { subQueueType: 'deadLetter' });
    const [dead] = await receiveExactly(dlq, 1);
    equal(dead.messageId, 'ttl-1', 'expired message id');
    equal(dead.deadLetterReason, 'TTLExpiredException', 'reason');
    await dlq.completeMessage(dead);
  },

  async 'duplicate-detection'(client) {
    const sender = client.createSender('dupes');
    await sender.sendMessages({ body: 'first', messageId: 'dup-1' });
    await sender.sendMessages({ body: 'second', messageId: 'dup-1' });
    await sender.sendMessages({ body: 'other', messageId: 'dup-2' });
    const receiver = client.createReceiver('dupes', { receiveMode: 'receiveAndDelete' });
    const received = await receiveExactly(receiver, 2);
    equal(received.map((m) => m.body), ['first', 'other'], 'the duplicate was dropped');
  },

  async 'topic-filters'(client) {
    const sender = client.createSender('orders');
    await sender.sendMessages([
      { body: 'red-small', applicationProperties: { color: 'red', quantity: 1 } },
      { body: 'blue-big', applicationProperties: { color: 'blue', quantity: 50 } },
      { body: 'red-big', applicationProperties: { color: 'red', quantity: 20 } },
    ]);
    const read = async (subscription, count) => {
      const receiver = client.createReceiver('orders', subscription, { receiveMode: 'receiveAndDelete' });
      const received = await receiveExactly(receiver, count);
      const extra = await receiver.receiveMessages(1, { maxWaitTimeInMs: 500 });
      equal(extra.length, 0, `no further messages on ${subscription}`);
      return received.map((m) => m.body);
    };
    equal(await read('all', 3), ['red-small', 'blue-big', 'red-big'], 'subscription without rules gets everything');
    equal(await read('red', 2), ['red-small', 'red-big'], 'correlation filter color=red');
    equal(await read('big', 2), ['blue-big', 'red-big'], 'SQL filter quantity > 10');
  },

  async 'forward-to'(client) {
    await client.createSender('fwd-source').sendMessages({ body: 'forwarded', messageId: 'fwd-1' });
    const receiver = client.createReceiver('fwd-target', { receiveMode: 'receiveAndDelete' });
    const [m] = await receiveExactly(receiver, 1);
    equal(m.messageId, 'fwd-1', 'forwarded message id');
    const source = await client.createReceiver('fwd-source').peekMessages(5);
    equal(source.length, 0, 'nothing stays in the source queue');
  },

  async 'sessions'(client) {
    const sender = client.createSender('sessions');
    const session = unique('s');
    await sender.sendMessages([1, 2, 3].map((i) => ({ body: `m${i}`, sessionId: session })));
    await sender.sendMessages({ body: 'other', sessionId: unique('o') });
    const receiver = await client.acceptSession('sessions', session);
    equal(receiver.sessionId, session, 'accepted session id');
    check(receiver.sessionLockedUntilUtc > new Date(), 'session locked until a future time');
    const received = await receiveExactly(receiver, 3);
    equal(received.map((m) => m.body), ['m1', 'm2', 'm3'], 'in-order delivery within the session');
    check(received.every((m) => m.sessionId === session), 'messages carry the session id');
    for (const m of received) await receiver.completeMessage(m);
    await receiver.setSessionState('state-1');
    equal(await receiver.getSessionState(), 'state-1', 'session state round trip');
    const before = receiver.sessionLockedUntilUtc.getTime();
    await sleep(1100);
    const renewed = await receiver.renewSessionLock();
    check(renewed.getTime() > before, 'session lock renewed');
    await receiver.close();
    const next = await client.acceptNextSession('sessions');
    const [other] = await receiveExactly(next, 1);
    equal(other.body, 'other', 'next available session delivers its message');
    await next.completeMessage(other);
    await next.close();
  },

  async 'next-session-timeout'() {
    // A short operation timeout: the SDK sends it as com.microsoft:timeout, which bounds the broker's wait.
    const client = new ServiceBusClient(connectionString, { retryOptions: { maxRetries: 0, timeoutInMs: 3000 } });
    try {
      await expectError(client.acceptNextSession('sessions-next'), 'ServiceTimeout', 'accept the next session of an empty queue');
    } finally {
      await client.close();
    }
  },

  async 'missing-entity'(client) {
    await expectError(client.createSender('no-such-queue').sendMessages({ body: 'x' }), 'MessagingEntityNotFound', 'send to a missing queue');
  },

  async 'lock-expired'(client) {
    await client.createSender('lockexpiry').sendMessages({ body: 'slow' });
    const receiver = client.createReceiver('lockexpiry', { maxAutoLockRenewalDurationInMs: 0 });
    const [m] = await receiveExactly(receiver, 1);
    await sleep(6000);
    await expectError(receiver.completeMessage(m), 'MessageLockLost', 'complete after the lock expired');
    const [again] = await receiveExactly(receiver, 1);
    equal(again.deliveryCount, 1, 'the expired lock counted as a delivery');
    await receiver.completeMessage(again);
  },

  async 'wrong-key'() {
    const wrong = connectionString.replace(/SharedAccessKey=[^;]*/, 'SharedAccessKey=not-the-key');
    const client = new ServiceBusClient(wrong, { retryOptions: { maxRetries: 0 } });
    try {
      await expectError(client.createSender('auth').sendMessages({ body: 'x' }), 'UnauthorizedAccess', 'send with a wrong key');
    } finally {
      await client.close();
    }
  },

  async 'oversize'(client) {
    const sender = client.createSender('oversize');
    await expectError(sender.sendMessages({ body: Buffer.alloc(300 * 1024) }), 'MessageSizeExceeded', 'send of a 300 KB message');
  },

  async 'session-held-elsewhere'(client) {
    const session = unique('held');
    await client.createSender('sessions-held').sendMessages({ body: 'x', sessionId: session });
    const first = await client.acceptSession('sessions-held', session);
    const other = new ServiceBusClient(connectionString, { retryOptions: { maxRetries: 0 } });
    try {
      await expectError(other.acceptSession('sessions-held', session), 'SessionCannotBeLocked', 'accept a session held by another receiver');
    } finally {
      await other.close();
      await first.close();
    }
  },
};

// The two halves of the crash test (DurabilityOverAmqpTests): not conformance scenarios, so not listed.
const durabilityPhases = {
  // Sends 20 acknowledged messages, completes 2, and holds the locks of 3 more while the test kills the emulator.
  async 'durable-send'(client) {
    const sender = client.createSender('durable');
    await sender.sendMessages(Array.from({ length: 20 }, (_, i) => ({ body: `d${i}`, messageId: `d-${i}` })));
    const receiver = client.createReceiver('durable', { maxAutoLockRenewalDurationInMs: 0 });
    const received = await receiveExactly(receiver, 5);
    await receiver.completeMessage(received[0]);
    await receiver.completeMessage(received[1]);
    console.log(`COMPLETED ${received[0].messageId},${received[1].messageId}`);
    console.log(`LOCKED ${received.slice(2).map((m) => m.messageId).join(',')}`);
    await sleep(10 * 60 * 1000); // killed by the test
  },

  // After the restart: everything not completed is receivable at once, including the messages locked at the crash.
  async 'durable-receive'(client) {
    const receiver = client.createReceiver('durable', { receiveMode: 'receiveAndDelete' });
    const received = await receiveExactly(receiver, 18, 10);
    const extra = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    equal(extra.length, 0, 'no further messages');
    console.log(`RECEIVED ${received.map((m) => m.messageId).join(',')}`);
  },
};

async function main() {
  if (scenarioName === '--list') {
    console.log(Object.keys(scenarios).join('\n'));
    return 0;
  }
  const scenario = scenarios[scenarioName] || durabilityPhases[scenarioName];
  if (!scenario) {
    console.error(`unknown scenario '${scenarioName}'; known: ${Object.keys(scenarios).join(', ')}`);
    return 2;
  }
  check(connectionString, 'SERVICEBUS_CONNECTION_STRING is not set');
  const client = new ServiceBusClient(connectionString, { retryOptions: { maxRetries: 1, retryDelayInMs: 200, timeoutInMs: 20000 } });
  try {
    await scenario(client);
    console.log(`PASS ${scenarioName}`);
    return 0;
  } catch (err) {
    console.error(`FAIL ${scenarioName}: ${err.code ? `[${err.code}] ` : ''}${err.message}`);
    return 1;
  } finally {
    await client.close();
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`FAIL ${scenarioName}: ${err && err.stack}`);
  process.exit(1);
});
