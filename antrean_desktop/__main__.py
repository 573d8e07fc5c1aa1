from antrean_desktop.cli import main

raise SystemExit(main())
