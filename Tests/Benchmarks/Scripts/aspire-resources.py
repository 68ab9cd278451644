#!/usr/bin/env python3
"""Reads what an Aspire AppHost printed with Logging:LogLevel:Aspire.Hosting.ApplicationModel.ResourceNotificationService=Trace
(every published resource snapshot on one line: state, health, URLs, environment) and answers from the latest
snapshot of each resource instance, the same data the dashboard shows.

Usage: aspire-resources.py LOG healthy              exit 0 when every visible resource instance is Running and Healthy
       aspire-resources.py LOG states               one line per instance: id, type, state, health
       aspire-resources.py LOG url RESOURCE NAME    the URL of endpoint NAME of RESOURCE (its first instance)
       aspire-resources.py LOG env RESOURCE NAME    the environment variable NAME that RESOURCE gets
"""
import re
import sys

UPDATE = re.compile(
    r"Version: (?P<version>\d+) Resource (?P<name>[^/\s]+)/(?P<id>\S+) update published: ResourceType = (?P<type>[^,]*), "
    r".*?State = \{ Text = (?P<state>[^,]*), Style = [^}]*\}, IsHidden = (?P<hidden>\w+), HeathStatus = (?P<health>[^,]*), "
    r".*?Urls = \{ (?P<urls>.*?) \}, EnvironmentVariables = \{ (?P<environment>.*?) \}, Properties = ")
PAIR = re.compile(r"(\S+) = (\S+)")


def latest(log):
    instances = {}
    with open(log, errors="replace") as lines:
        for line in lines:
            match = UPDATE.search(line)
            if match and int(match["version"]) >= instances.get(match["id"], {}).get("version", 0):
                instances[match["id"]] = {
                    "version": int(match["version"]), "name": match["name"], "id": match["id"], "type": match["type"],
                    "state": match["state"].strip(), "hidden": match["hidden"] == "True", "health": match["health"],
                    "urls": dict(PAIR.findall(match["urls"])), "environment": dict(PAIR.findall(match["environment"])),
                }
    return [instance for _, instance in sorted(instances.items())]


def main(log, command, *arguments):
    instances = [instance for instance in latest(log) if not instance["hidden"]]
    if command == "healthy":
        return 0 if instances and all(i["state"] == "Running" and i["health"] == "Healthy" for i in instances) else 1
    if command == "states":
        for i in instances:
            print(f"{i['id']:32} {i['type']:28} {i['state'] or '-':12} {i['health']}")
        return 0
    if command in ("url", "env") and len(arguments) == 2:
        resource, name = arguments
        key = "urls" if command == "url" else "environment"
        values = [i[key][name] for i in instances if i["name"] == resource and name in i[key]]
        if values:
            print(values[0])
            return 0
        return 1
    sys.exit(__doc__)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
