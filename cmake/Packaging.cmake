# CPack: what `cpack` (installers/package.sh) makes from the install rules in app/ and resources/.
#   Linux:   a .deb (dependencies from dpkg-shlibdeps plus the Qt plugins loaded at run time)
#            and a .tar.gz of the same tree.
#   Windows: NSIS installer; macOS: a DMG (see installers/README.md for the deploy step,
#            windeployqt / macdeployqt, which these generators need first).
set(CPACK_PACKAGE_NAME cachescope)
set(CPACK_PACKAGE_VENDOR "CacheScope")
set(CPACK_PACKAGE_CONTACT "CacheScope maintainers <cachescope@cachescope.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://cachescope.invalid/")
set(CPACK_PACKAGE_INSTALL_DIRECTORY CacheScope)
set(CPACK_PACKAGE_EXECUTABLES cachescope CacheScope)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/" "/\\\\.git/")

if(WIN32)
    set(CPACK_GENERATOR NSIS ZIP)
    set(CPACK_NSIS_DISPLAY_NAME CacheScope)
    set(CPACK_NSIS_CREATE_ICONS_EXTRA
        "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\CacheScope.lnk' '$INSTDIR\\\\bin\\\\cachescope.exe'")
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_DMG_VOLUME_NAME CacheScope)
else()
    set(CPACK_GENERATOR DEB TGZ)
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)          # cachescope_0.1.0_amd64.deb
    set(CPACK_DEBIAN_PACKAGE_SECTION devel)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)            # libQt6*, hiredis, libmemcached, keychain… (dpkg-dev)
    # Loaded as plugins, so dpkg-shlibdeps cannot see them: the SVG icon engine, the X11 /
    # Wayland platform plugins and the SQL drivers of the database cache connector.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, qt6-qpa-plugins, libqt6sql6-sqlite, libqt6sql6-psql")
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6sql6-mysql, gnome-keyring | kwalletmanager")
    set(CPACK_DEBIAN_PACKAGE_SUGGESTS "redis-tools, python3-django")
endif()
include(CPack)
