// A small rhea broker for interop tests: one FIFO queue per address. Messages sent to an address are handed to
// the receivers of that address as credit allows; drain is answered when the queue is empty; outcomes the
// receiver reports unsettled (rcv-settle-mode second) are settled. Prints {"port": N} once listening.
// Usage: node rhea-broker.js [maxFrameSize]
'use strict';
const rhea = require('rhea');

const maxFrameSize = process.argv[2] ? Number(process.argv[2]) : undefined;
const container = rhea.create_container({ id: 'rhea-broker' });
const queues = new Map();

function queueFor(address) {
    let queue = queues.get(address);
    if (!queue) {
        queue = { messages: [], consumers: [] };
        queues.set(address, queue);
    }
    return queue;
}

function pump(queue) {
    for (const sender of queue.consumers) {
        while (queue.messages.length > 0 && sender.sendable()) {
            sender.send(queue.messages.shift());
        }
        if (queue.messages.length === 0 && sender._draining) {
            sender.set_drained(true);
        }
    }
}

// rhea answers an attach with null terminus unless told otherwise, which the spec reads as a refusal: mirror them.
function mirrorTerminus(link) {
    if (link.source) {
        link.set_source({ address: link.source.address });
    }
    if (link.target) {
        link.set_target({ address: link.target.address });
    }
}

container.on('sender_open', (context) => {
    mirrorTerminus(context.sender);
    const address = context.sender.source.address;
    context.sender.queue = queueFor(address);
    context.sender.queue.consumers.push(context.sender);
});

container.on('receiver_open', (context) => {
    mirrorTerminus(context.receiver);
    context.receiver.queue = queueFor(context.receiver.target.address);
});

container.on('sendable', (context) => pump(context.sender.queue));
container.on('sender_draining', (context) => pump(context.sender.queue));

container.on('message', (context) => {
    const queue = context.receiver.queue;
    queue.messages.push(context.message);
    pump(queue);
});

for (const outcome of ['accepted', 'rejected', 'released', 'modified']) {
    container.on(outcome, (context) => {
        if (context.delivery && !context.delivery.remote_settled && !context.delivery.settled) {
            context.delivery.update(true);
            // With rcv-settle-mode second the receiver settles silently once we settle (as Service Bus clients do);
            // rhea would otherwise hold the delivery until a settled disposition that never comes, and stall
            // after its 2048-delivery outgoing buffer fills.
            context.delivery.remote_settled = true;
        }
    });
}

function forget(link) {
    if (link && link.queue) {
        link.queue.consumers = link.queue.consumers.filter((s) => s !== link);
    }
}

container.on('sender_close', (context) => forget(context.sender));
container.on('disconnected', (context) => {
    for (const queue of queues.values()) {
        queue.consumers = queue.consumers.filter((s) => s.connection !== context.connection);
    }
});
container.on('error', (error) => process.stderr.write('rhea-broker error: ' + (error && (error.stack || JSON.stringify(error))) + '\n'));
container.on('connection_error', (context) => process.stderr.write('rhea-broker connection error: ' + JSON.stringify(context.connection.error) + '\n'));
container.on('protocol_error', (error) => process.stderr.write('rhea-broker protocol error: ' + error + '\n'));

const options = { port: 0, host: '127.0.0.1' };
if (maxFrameSize) {
    options.max_frame_size = maxFrameSize;
}
const listener = container.listen(options);
listener.on('listening', () => {
    process.stdout.write(JSON.stringify({ port: listener.address().port }) + '\n');
});
