# Included at the end of ui/CMakeLists.txt, where the meridian_ui target exists. Builds every
# translations/meridian_<lang>.ts into a .qm with lrelease and embeds it in meridian_ui under
# :/i18n/meridian_<lang>.qm, where LanguageManager (ui/languagemanager.h) finds it. English is
# the source language and needs no file.
#
# Refresh the .ts files from the sources with `cmake --build <dir> --target update_translations`
# (lupdate over meridian_ui's sources), translate the new entries with Qt Linguist, and rebuild.
file(GLOB MERIDIAN_TS_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/meridian_*.ts)
if(MERIDIAN_TS_FILES)
    qt_add_translations(meridian_ui
        TS_FILES ${MERIDIAN_TS_FILES}
        RESOURCE_PREFIX /i18n
        LUPDATE_OPTIONS -no-obsolete -locations none
        LRELEASE_OPTIONS -silent)
endif()
