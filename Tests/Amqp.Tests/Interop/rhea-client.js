// A rhea client for interop tests against our server: sends `count` messages to queue "q", waits for the outcomes,
// receives them back in order, then drains the receiver. Prints one JSON summary line; exits non-zero on failure.
// Usage: node rhea-client.js <port> <count> <settled|unsettled> <first|second> <bodySize> [maxFrameSize]
'use strict';
const rhea = require('rhea');

const [port, count, senderMode, receiverMode, bodySize, maxFrameSize] = process.argv.slice(2);
const total = Number(count);
const body = Buffer.alloc(Number(bodySize), 'x');
const result = { sent: 0, outcomes: 0, received: 0, inOrder: true, bodiesIntact: true, drained: false };
const container = rhea.create_container({ id: 'rhea-client' });

function fail(message) {
    process.stdout.write(JSON.stringify({ ...result, error: message }) + '\n');
    process.exit(1);
}

setTimeout(() => fail('timed out'), 120000).unref();

const options = { port: Number(port), host: '127.0.0.1', reconnect: false };
if (maxFrameSize) {
    options.max_frame_size = Number(maxFrameSize);
}
const connection = container.connect(options);
connection.on('connection_error', (context) => fail('connection error: ' + JSON.stringify(context.connection.error)));
connection.on('disconnected', (context) => { if (!result.done) fail('disconnected: ' + (context.error && context.error.message)); });

const sender = connection.open_sender({ target: { address: 'q' }, snd_settle_mode: senderMode === 'settled' ? 1 : 0 });
sender.on('sendable', () => {
    while (sender.sendable() && result.sent < total) {
        sender.send({ message_id: 'm' + result.sent, application_properties: { n: result.sent }, body: rhea.message.data_section(body) });
        result.sent++;
        if (senderMode === 'settled' && result.sent === total) {
            setTimeout(startReceiving, 200);
        }
    }
});
sender.on('accepted', () => {
    result.outcomes++;
    if (result.outcomes === total) {
        startReceiving();
    }
});
sender.on('rejected', (context) => fail('rejected: ' + JSON.stringify(context.delivery.remote_state)));

let receiver;
function startReceiving() {
    if (receiver) {
        return;
    }
    receiver = connection.open_receiver({ source: { address: 'q' }, rcv_settle_mode: receiverMode === 'second' ? 1 : 0, credit_window: 500 });
    receiver.on('message', (context) => {
        const expected = 'm' + result.received;
        if (context.message.message_id !== expected) {
            result.inOrder = false;
        }
        const content = context.message.body && context.message.body.content;
        if (!content || content.length !== body.length) {
            result.bodiesIntact = false;
        }
        result.received++;
        if (result.received === total) {
            receiver.set_credit_window(0);
            receiver.drain_credit();
        }
    });
    receiver.on('receiver_drained', () => {
        result.drained = true;
        result.done = true;
        process.stdout.write(JSON.stringify(result) + '\n');
        connection.close();
    });
}

connection.on('connection_close', () => process.exit(result.inOrder && result.bodiesIntact && result.drained ? 0 : 1));
