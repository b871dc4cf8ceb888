"""Lists the failed tests of every .trx file in a folder: name, then the first lines of the message and stack trace.

Used by tools/test.sh so that the end of a long test log names what failed."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(folder: str) -> int:
    for trx in sorted(Path(folder).glob("*.trx")):
        root = ET.parse(trx).getroot()
        for result in root.iterfind(".//t:UnitTestResult", NS):
            if result.get("outcome") != "Failed":
                continue
            print(f"- {result.get('testName')} ({trx.stem}, {result.get('duration')})")
            for tag in ("Message", "StackTrace"):
                node = result.find(f".//t:ErrorInfo/t:{tag}", NS)
                if node is not None and node.text:
                    for line in node.text.strip().splitlines()[:12]:
                        print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
