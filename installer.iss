; Inno Setup script: a per-user Windows installer for the PyInstaller folder dist\AntreanDesktop.
; Build on Windows (see README, "Windows package"):
;   pyinstaller --noconfirm installer.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer.iss
; Result: dist\AntreanDesktop-setup-<version>.exe. No administrator rights are needed: the program
; goes to %LOCALAPPDATA%\Programs\AntreanDesktop, the shortcut to the user's Start menu, and
; "start with Windows" (a task that is off by default) writes the per-user Run key.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{52DB2720-36A7-4498-8F33-4D1DDC93A7EA}
AppName=Antrean Desktop
AppVersion={#AppVersion}
AppPublisher=Antrean Desktop
DefaultDirName={localappdata}\Programs\AntreanDesktop
DefaultGroupName=Antrean Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=dist
OutputBaseFilename=AntreanDesktop-setup-{#AppVersion}
SetupIconFile=resources\icons\app.ico
UninstallDisplayIcon={app}\AntreanDesktop.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "id"; MessagesFile: "compiler:Languages\Indonesian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "startup"; Description: "Jalankan Antrean Desktop saat Windows dimulai (start with Windows)"; Flags: unchecked

[Files]
Source: "dist\AntreanDesktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\Antrean Desktop"; Filename: "{app}\AntreanDesktop.exe"
Name: "{userprograms}\Antrean Desktop (demo)"; Filename: "{app}\AntreanDesktop.exe"; Parameters: "--demo"

[Registry]
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "AntreanDesktop"; ValueData: """{app}\AntreanDesktop.exe"" gui --minimized"; Flags: uninsdeletevalue; Tasks: startup

[Run]
Filename: "{app}\AntreanDesktop.exe"; Description: "Buka Antrean Desktop"; Flags: nowait postinstall skipifsilent
