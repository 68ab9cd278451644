"""qpid-proton peer for interop tests.

  proton-peer.py broker
      A queue-per-address broker on 127.0.0.1; prints {"port": N} once listening. Answers drain when a queue is empty.
  proton-peer.py client <port> <count> <settled|unsettled> <first|second> <body-size>
      Sends <count> messages to "q", waits for their outcomes, receives them back in order, drains, and prints a JSON
      summary; exits non-zero on failure.
"""
import collections
import json
import socket
import sys

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container, AtMostOnce, AtLeastOnce
from proton import Link


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker(MessagingHandler):
    def __init__(self, port):
        super().__init__(auto_accept=True, auto_settle=True)
        self.port = port
        self.queues = collections.defaultdict(collections.deque)
        self.consumers = collections.defaultdict(list)

    def on_start(self, event):
        event.container.listen("127.0.0.1:%d" % self.port)
        print(json.dumps({"port": self.port}), flush=True)

    def on_link_opening(self, event):
        link = event.link
        if link.is_sender:
            link.source.address = link.remote_source.address
            link.target.address = link.remote_target.address
            self.consumers[link.source.address].append(link)
        else:
            link.target.address = link.remote_target.address
            link.source.address = link.remote_source.address

    def _forget(self, link):
        for links in self.consumers.values():
            if link in links:
                links.remove(link)

    def on_link_closing(self, event):
        self._forget(event.link)

    def on_disconnected(self, event):
        for links in self.consumers.values():
            links[:] = [l for l in links if l.connection != event.connection]

    def pump(self, address):
        queue = self.queues[address]
        for link in self.consumers[address]:
            while queue and link.credit > 0:
                link.send(queue.popleft())
            if not queue and link.drain_mode:
                link.drained()

    def on_sendable(self, event):
        self.pump(event.link.source.address)

    def on_link_flow(self, event):
        if event.link.is_sender:
            self.pump(event.link.source.address)

    def on_message(self, event):
        address = event.link.target.address
        self.queues[address].append(event.message)
        self.pump(address)


class Client(MessagingHandler):
    def __init__(self, port, count, sender_mode, receiver_mode, body_size):
        super().__init__(prefetch=0, auto_accept=True, auto_settle=True)
        self.url = "127.0.0.1:%d" % port
        self.count = count
        self.sender_mode = sender_mode
        self.receiver_mode = receiver_mode
        self.body = b"x" * body_size
        self.result = {"sent": 0, "outcomes": 0, "received": 0, "inOrder": True, "bodiesIntact": True, "drained": False}
        self.receiver = None

    def on_start(self, event):
        self.connection = event.container.connect(self.url)
        options = AtMostOnce() if self.sender_mode == "settled" else AtLeastOnce()
        self.sender = event.container.create_sender(self.connection, "q", options=options)

    def on_sendable(self, event):
        while event.sender.credit > 0 and self.result["sent"] < self.count:
            i = self.result["sent"]
            event.sender.send(Message(id="m%d" % i, properties={"n": i}, body=self.body))
            self.result["sent"] += 1
        if self.sender_mode == "settled" and self.result["sent"] == self.count:
            self.start_receiving(event)

    def on_accepted(self, event):
        self.result["outcomes"] += 1
        if self.result["outcomes"] == self.count:
            self.start_receiving(event)

    def on_rejected(self, event):
        self.fail("rejected")

    def start_receiving(self, event):
        if self.receiver is not None:
            return
        self.receiver = event.container.create_receiver(self.connection, "q")
        if self.receiver_mode == "second":
            self.receiver.rcv_settle_mode = Link.RCV_SECOND
        self.receiver.flow(500)

    def on_message(self, event):
        expected = "m%d" % self.result["received"]
        if event.message.id != expected:
            self.result["inOrder"] = False
        if event.message.body != self.body:
            self.result["bodiesIntact"] = False
        self.result["received"] += 1
        if self.result["received"] == self.count:
            self.receiver.drain(0)
        elif self.receiver.credit < 250:
            self.receiver.flow(250)

    def on_link_flow(self, event):
        if event.link.is_receiver and self.result["received"] == self.count and not event.link.draining():
            self.result["drained"] = True
            print(json.dumps(self.result), flush=True)
            self.connection.close()

    def fail(self, reason):
        self.result["error"] = reason
        print(json.dumps(self.result), flush=True)
        sys.exit(1)


def main():
    if sys.argv[1] == "broker":
        Container(Broker(free_port())).run()
        return
    port, count, sender_mode, receiver_mode, body_size = sys.argv[2:7]
    client = Client(int(port), int(count), sender_mode, receiver_mode, int(body_size))
    Container(client).run()
    ok = client.result["drained"] and client.result["inOrder"] and client.result["bodiesIntact"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
