; Registers incident-room:// at install time, so an invite link works before the first launch
; (the app also calls app.setAsDefaultProtocolClient at every start). Removed on uninstall.
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\incident-room" "" "URL:Incident Room invite"
  WriteRegStr SHCTX "Software\Classes\incident-room" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\incident-room\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\incident-room\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\incident-room"
!macroend
