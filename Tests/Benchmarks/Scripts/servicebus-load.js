// Load with the official @azure/service-bus SDK: sends `count` 1 KB messages in batches while receivers
// peek-lock receive and complete them; stops at `count` or after `seconds`. Prints one JSON line with the figures.
// Usage: node servicebus-load.js <queue> <count> <seconds> <receivers>, SERVICEBUS_CONNECTION_STRING set.
'use strict';
const { ServiceBusClient } = require('@azure/service-bus');

const [queue, countText, secondsText, receiversText] = process.argv.slice(2);
const count = Number(countText);
const deadline = Date.now() + Number(secondsText) * 1000;
const receivers = Number(receiversText);
const body = Buffer.alloc(1024, 120);

async function main() {
  const client = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION_STRING);
  const sender = client.createSender(queue);
  await sender.sendMessages({ body: 'warm-up' });
  const warm = client.createReceiver(queue, { receiveMode: 'receiveAndDelete' });
  await warm.receiveMessages(1, { maxWaitTimeInMs: 5000 });
  await warm.close();

  const started = process.hrtime.bigint();
  let sent = 0;
  let completed = 0;
  const sending = (async () => {
    while (sent < count && Date.now() < deadline) {
      let batch = await sender.createMessageBatch();
      while (sent < count && batch.tryAddMessage({ body, applicationProperties: { store_id: 'store-1', kind: 'sale' } })) {
        sent++;
        if (batch.count === 100) break;
      }
      await sender.sendMessages(batch);
    }
  })();
  const receiving = Array.from({ length: receivers }, async () => {
    const receiver = client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    while (completed < count && Date.now() < deadline) {
      const messages = await receiver.receiveMessages(100, { maxWaitTimeInMs: 1000, maxTimeAfterFirstMessageInMs: 20 });
      await Promise.all(messages.map((m) => receiver.completeMessage(m)));
      completed += messages.length;
    }
    await receiver.close();
  });
  await sending;
  const sendSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all(receiving);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ sent, completed, seconds, sendSeconds, perSecond: completed / seconds, sentPerSecond: sent / sendSeconds }));
  await client.close();
}

main().catch((err) => {
  console.error(`${err.code || ''} ${err.stack}`);
  process.exit(1);
});
