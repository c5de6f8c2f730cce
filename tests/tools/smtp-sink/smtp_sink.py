"""A real SMTP server for the reminder tests: Debian's aiosmtpd, listening on 127.0.0.1:PORT, writing each message it
accepts to FOLDER as one .eml file (written under a temporary name and renamed, so a reader never sees half a message).
A recipient at the domain refused.invalid is refused with 550, as a real server refuses an unknown mailbox.
Usage: python3 smtp_sink.py PORT FOLDER. Prints "ready" when it listens; stops when its standard input closes."""
import os
import sys
import uuid

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@refused.invalid"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = uuid.uuid4().hex
        temporary = os.path.join(self.folder, name + ".tmp")
        with open(temporary, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(temporary, os.path.join(self.folder, name + ".eml"))
        return "250 Message accepted"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
