#!/usr/bin/env python3
"""Prints how many events are archived in Blob and stored in Cosmos: "<archived> <stored>".

Reads the two connection strings the AppHost gives the consumer (Azurite's and the Cosmos emulator's, in the forms
Aspire's Azure emulators use) from BLOBS_CONNECTION_STRING and COSMOS_CONNECTION_STRING, and counts with the
emulators' REST APIs, signed with the account keys: the benchmark needs no SDK beyond python3's standard library.
A container that does not exist yet counts 0. Usage: stored-event-counts.py <blob container> <database> <container>
"""
import base64
import email.utils
import hashlib
import hmac
import json
import os
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree


def settings(connection_string):
    return dict(part.split("=", 1) for part in connection_string.split(";") if "=" in part)


def archived_blobs(connection_string, container):
    blob = settings(connection_string)
    account, key = blob["AccountName"], base64.b64decode(blob["AccountKey"])
    endpoint = blob["BlobEndpoint"].rstrip("/")
    path = urllib.parse.urlparse(endpoint).path + "/" + container
    count, marker = 0, ""
    while True:
        query = {"comp": "list", "maxresults": "5000", "restype": "container"}
        if marker:
            query["marker"] = marker
        date = email.utils.formatdate(usegmt=True)
        headers = {"x-ms-date": date, "x-ms-version": "2021-08-06"}
        # Shared Key: 11 empty standard headers for a GET, the x-ms-* headers, then the account-prefixed path and the query.
        canonical = "\n".join(["GET"] + [""] * 11 + [f"{name}:{value}" for name, value in sorted(headers.items())]
                              + [f"/{account}{path}"] + [f"{name}:{value}" for name, value in sorted(query.items())])
        signature = base64.b64encode(hmac.new(key, canonical.encode(), hashlib.sha256).digest()).decode()
        headers["Authorization"] = f"SharedKey {account}:{signature}"
        request = urllib.request.Request(f"{endpoint}/{container}?{urllib.parse.urlencode(query)}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                listing = ElementTree.fromstring(response.read())
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return 0
            raise
        count += len(listing.findall("./Blobs/Blob"))
        marker = listing.findtext("NextMarker") or ""
        if not marker:
            return count


def stored_items(connection_string, database, container):
    cosmos = settings(connection_string)
    endpoint, key = cosmos["AccountEndpoint"].rstrip("/"), base64.b64decode(cosmos["AccountKey"])
    link = f"dbs/{database}/colls/{container}"
    # The local emulator serves a self-signed certificate (the connection string says DisableServerCertificateValidation).
    unverified = ssl._create_unverified_context()
    count, continuation = 0, ""
    while True:
        date = email.utils.formatdate(usegmt=True).lower()
        payload = f"get\ndocs\n{link}\n{date}\n\n"
        signature = base64.b64encode(hmac.new(key, payload.encode(), hashlib.sha256).digest()).decode()
        headers = {
            "x-ms-date": date,
            "x-ms-version": "2018-12-31",
            "x-ms-max-item-count": "1000",
            "Authorization": urllib.parse.quote(f"type=master&ver=1.0&sig={signature}", safe=""),
        }
        if continuation:
            headers["x-ms-continuation"] = continuation
        request = urllib.request.Request(f"{endpoint}/{link}/docs", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10, context=unverified) as response:
                page = json.load(response)
                continuation = response.headers.get("x-ms-continuation") or ""
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return 0
            raise
        count += page.get("_count", len(page.get("Documents", [])))
        if not continuation:
            return count


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    blob_container, database, cosmos_container = sys.argv[1:]
    print(archived_blobs(os.environ["BLOBS_CONNECTION_STRING"], blob_container),
          stored_items(os.environ["COSMOS_CONNECTION_STRING"], database, cosmos_container))
