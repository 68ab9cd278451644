// rhea -> rhea on 127.0.0.1 in one process: a rhea server counts 1 KB messages from a rhea client, pre-settled and
// unsettled (auto-accepted). Prints {"presettled": msgs/s, "unsettled": msgs/s, ...}.
// Usage: node rhea-loopback.js <count> <seconds>
'use strict';
const rhea = require('rhea');

const count = Number(process.argv[2] || 100000);
const seconds = Number(process.argv[3] || 20);
const body = Buffer.alloc(1024, 'x');

function run(settled) {
    return new Promise((resolve) => {
        const server = rhea.create_container({ id: 'rhea-server' });
        const client = rhea.create_container({ id: 'rhea-client' });
        let received = 0;
        let sent = 0;
        let accepted = 0;
        let start = 0;
        let finished = false;
        const deadline = Date.now() + seconds * 1000;
        function finish() {
            if (finished) {
                return;
            }
            finished = true;
            const elapsed = (Date.now() - start) / 1000;
            const done = settled ? received : accepted;
            connection.close();
            listener.close();
            resolve({ messages: done, seconds: elapsed, rate: done / elapsed });
        }
        server.on('receiver_open', (context) => {
            context.receiver.set_target({ address: context.receiver.target.address });
            context.receiver.set_credit_window(5000);
        });
        server.on('message', () => {
            received++;
            if (settled && (received === count || Date.now() > deadline)) {
                finish();
            }
        });
        const listener = server.listen({ port: 0, host: '127.0.0.1' });
        let connection;
        listener.on('listening', () => {
            connection = client.connect({ port: listener.address().port, host: '127.0.0.1', reconnect: false });
            const sender = connection.open_sender({ target: { address: 'load' }, snd_settle_mode: settled ? 1 : 0 });
            sender.on('sendable', () => {
                if (!start) {
                    start = Date.now();
                }
                while (sender.sendable() && sent < count && !finished) {
                    sender.send({ body: rhea.message.data_section(body), application_properties: { event_type: 'sale_event' } });
                    sent++;
                }
            });
            sender.on('accepted', () => {
                accepted++;
                if (accepted === count || Date.now() > deadline) {
                    finish();
                }
            });
        });
    });
}

(async () => {
    const presettled = await run(true);
    const unsettled = await run(false);
    process.stdout.write(JSON.stringify({ presettled, unsettled }) + '\n');
    process.exit(0);
})();
