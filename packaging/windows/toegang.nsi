; Toegang: per-user Windows installer (no administrator rights needed).
;
; Built on Linux by packaging/build-windows.sh with Debian's makensis 3.08, which passes:
;   -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DSTAGE=<program folder> -DOUTFILE=<setup.exe>
;   -DICON=<toegang.ico> -DWELCOME_BMP=<welkom.bmp> -DREMOVE_NSH=<generated list of the program's own files>
;
; Installs to %LOCALAPPDATA%\Programs\Toegang, adds a Start-menu shortcut and an entry under
; "Apps en onderdelen" (HKCU), and writes an uninstaller. The uninstaller removes the program's own
; files only (the list in REMOVE_NSH): the user's data folder %LOCALAPPDATA%\Toegang (database,
; drafts, logs, settings, backups) is never removed.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
SetCompressorDictSize 32
RequestExecutionLevel user
ManifestDPIAware true
ManifestSupportedOS all
CRCCheck on

; Signing (optional): build-windows.sh passes -DSIGN="bash .../packaging/sign.sh" when configured.
!ifdef SIGN
  !uninstfinalize '${SIGN} "%1"' = 0
  !finalize '${SIGN} "%1"' = 0
!endif

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define PRODUCT "Toegang"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Toegang"
!define SETTINGS_KEY "Software\Toegang"
!define UNINSTALLER "verwijderen.exe"
!define DATA_DIR "$LOCALAPPDATA\Toegang"

Name "${PRODUCT}"
Caption "${PRODUCT} ${VERSION} installeren"
UninstallCaption "${PRODUCT} verwijderen"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

; --- version information of setup.exe (Eigenschappen > Details) ---
VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1043 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1043 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1043 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1043 "FileDescription" "Installatieprogramma van ${PRODUCT} ${VERSION}"
VIAddVersionKey /LANG=1043 "CompanyName" "Toegang-bijdragers"
VIAddVersionKey /LANG=1043 "LegalCopyright" "Open source onder de EUPL-1.2"
VIAddVersionKey /LANG=1043 "Comments" "Brede uitvraag, AVE, sociale kaart en verwijzingen voor de toegang sociaal domein"

; --- pages, in Dutch ---
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_ABORTWARNING_TEXT "Wilt u stoppen met het installeren van ${PRODUCT}?"
!define MUI_WELCOMEFINISHPAGE_BITMAP "${WELCOME_BMP}"
!define MUI_UNWELCOMEFINISHPAGE_BITMAP "${WELCOME_BMP}"

!define MUI_WELCOMEPAGE_TITLE "${PRODUCT} ${VERSION} installeren"
!define MUI_WELCOMEPAGE_TEXT "Dit programma installeert ${PRODUCT}: het programma voor de brede uitvraag bij de toegang sociaal domein.$\r$\n$\r$\n${PRODUCT} wordt alleen voor u geïnstalleerd, in uw eigen programmamap. U hebt daarvoor geen beheerdersrechten nodig.$\r$\n$\r$\nHebt u ${PRODUCT} al? Dan wordt het bijgewerkt. Uw gegevens blijven bewaard.$\r$\n$\r$\nKlik op Volgende om verder te gaan."
!insertmacro MUI_PAGE_WELCOME

!define MUI_DIRECTORYPAGE_TEXT_TOP "${PRODUCT} wordt in deze map geïnstalleerd. U kunt de voorgestelde map gewoon laten staan."
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE CheckInstallFolder
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES

!define MUI_FINISHPAGE_TITLE "${PRODUCT} is geïnstalleerd"
!define MUI_FINISHPAGE_TEXT "U vindt ${PRODUCT} in het Startmenu.$\r$\n$\r$\nUw gegevens (database, concepten en logboeken) staan in uw eigen gegevensmap ${DATA_DIR}, niet in de programmamap."
!define MUI_FINISHPAGE_RUN "$INSTDIR\toegang.exe"
!define MUI_FINISHPAGE_RUN_TEXT "${PRODUCT} nu starten"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "Alleen het programma ${PRODUCT} wordt verwijderd. Uw gegevens blijven bewaard."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${PRODUCT} is verwijderd"
!define MUI_FINISHPAGE_TEXT "Het programma ${PRODUCT} is van deze computer verwijderd.$\r$\n$\r$\nUw gegevens zijn bewaard: de database, concepten, logboeken, instellingen en reservekopieën. Ze staan in ${DATA_DIR}.$\r$\n$\r$\nInstalleert u ${PRODUCT} later opnieuw, dan zijn ze er weer. Wilt u ook de gegevens weg hebben? Vraag dat aan de beheerder: die gegevens vallen onder de bewaartermijnen."
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "Dutch"

; --- install ---
; The folder must be empty or hold an earlier Toegang: an update removes the previous version's
; program files first, and that must never hit someone else's files.
Function CheckInstallFolder
  IfFileExists "$INSTDIR\toegang.exe" done
  ${DirState} "$INSTDIR" $0  ; 0 empty, 1 not empty, -1 does not exist
  StrCmp $0 1 0 done
  MessageBox MB_ICONEXCLAMATION|MB_OK "De map $INSTDIR is niet leeg.$\r$\n$\r$\nKies een lege map, of de map waarin ${PRODUCT} al staat."
  Abort
done:
FunctionEnd

Section "${PRODUCT}" SecProgram
  SectionIn RO
  SetShellVarContext current

  IfFileExists "$INSTDIR\toegang.exe" update
  ${DirState} "$INSTDIR" $0
  StrCmp $0 1 0 fresh
  ; only reachable silently (/S /D=...): the page check above stops this in the dialog
  SetErrorLevel 2
  Abort "De map $INSTDIR is niet leeg en bevat geen ${PRODUCT}."
update:
  ; An update: remove the previous version's program files first (never the data folder).
  !include "${REMOVE_NSH}"
fresh:

  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\toegang.exe" "" "$INSTDIR\toegang.ico" 0 \
    SW_SHOWNORMAL "" "Toegang: brede uitvraag voor de toegang sociaal domein"

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "Toegang-bijdragers"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\toegang.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

; --- uninstall: the program's own files, never the user's data ---
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  !include "${REMOVE_NSH}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"  ; only when empty
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
  DetailPrint "Uw gegevens in ${DATA_DIR} blijven bewaard."
SectionEnd
