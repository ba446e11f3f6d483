"""Which folders go into the wheel; everything else about the package is in pyproject.toml.

The built-in scenarios and their assets stay at the top of the repository (`scenarios/`,
`assets/`), where a teacher browsing the clone finds them. A wheel has no top-level folders
but its packages, so the build maps them into the import package as `app/_data/scenarios` and
`app/_data/assets`; `app/builtins.py` finds them there (installed) or at the top of the
checkout (editable install). pyproject.toml cannot add mapped folders beside a package `find`,
hence this file. See docs/decisions/0011-packaging.md.
"""

import os

from setuptools import find_packages, setup

DATA = {"app._data.scenarios": "scenarios", "app._data.assets": "assets"}


def data_packages(package: str, folder: str):
    """`package` and one dotted name per subfolder of `folder` (setuptools ships a data folder
    only as a package, and warns about any subfolder it was not told is one)."""
    for path, subfolders, _files in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "_")))
        relative = os.path.relpath(path, folder)
        yield package if relative == "." else ".".join([package, *relative.split(os.sep)])


data = [name for package, folder in DATA.items() for name in data_packages(package, folder)]

setup(
    packages=find_packages(include=["app", "app.*"]) + data,
    package_dir=DATA,
    package_data={
        "app": ["**/*.json", "**/*.svg", "**/*.yaml", "**/*.jpg", "**/*.png"],
        **{name: ["*"] for name in data},
    },
)
