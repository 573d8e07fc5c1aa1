"""Package layout (the rest of the metadata is in pyproject.toml).

``migrations/`` and ``resources/`` stay top-level folders of the source tree but are installed
inside the package, as ``antrean_desktop/migrations`` and ``antrean_desktop/resources``, so a
wheel (and a PyInstaller bundle) carries them; ``antrean_desktop.package_data`` finds them in
every layout.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = {
    "antrean_desktop.migrations": "migrations",
    "antrean_desktop.migrations.versions": "migrations/versions",
    "antrean_desktop.resources": "resources",
    "antrean_desktop.docs": "docs",  # the troubleshooting guide the window opens ("Bantuan")
}

setup(
    packages=find_packages(include=["antrean_desktop", "antrean_desktop.*"]) + list(DATA_PACKAGES),
    package_dir=DATA_PACKAGES,
    package_data={
        "antrean_desktop.khanza": ["schema/*.sql"],
        "antrean_desktop.migrations": ["script.py.mako"],
        "antrean_desktop.resources": ["*.qss", "icons/*.svg", "icons/*.ico", "translations/*.qm"],
        "antrean_desktop.docs": [
            "troubleshooting*.md",
            "outage-window.png",
            "rejection-window.png",
        ],
    },
)
