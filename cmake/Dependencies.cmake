# Every external dependency of CacheScope, all from Debian's packages.
# A missing one stops configuration with a single line naming the package to install
# (installers/bootstrap-debian.sh installs them all).
include(FeatureSummary)

find_package(Qt6 6.4 COMPONENTS Core Gui Widgets Network Sql Concurrent PrintSupport Test)
set_package_properties(Qt6 PROPERTIES TYPE REQUIRED
    DESCRIPTION "Qt 6 Core, Gui, Widgets, Network, Sql, Concurrent, PrintSupport, Test"
    PURPOSE "apt-get install qt6-base-dev")

find_package(QCustomPlotQt6 CONFIG)
set_package_properties(QCustomPlotQt6 PROPERTIES TYPE REQUIRED
    DESCRIPTION "QCustomPlot for Qt 6 (live charts)"
    PURPOSE "apt-get install libqcustomplot-dev libqcustomplot2.1-qt6")

feature_summary(WHAT REQUIRED_PACKAGES_NOT_FOUND FATAL_ON_MISSING_REQUIRED_PACKAGES
    DESCRIPTION "CacheScope is missing required packages (run installers/bootstrap-debian.sh):")

# pkg-config modules, each with the Debian package that provides it.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
    message(FATAL_ERROR "CacheScope needs pkg-config: apt-get install pkg-config")
endif()
function(cachescope_require_module var module debian_package)
    pkg_check_modules(${var} QUIET IMPORTED_TARGET GLOBAL ${module})
    if(NOT ${var}_FOUND)
        message(FATAL_ERROR "CacheScope needs ${module}: apt-get install ${debian_package}")
    endif()
    message(STATUS "Found ${module} ${${var}_VERSION}")
endfunction()
cachescope_require_module(HIREDIS "hiredis>=0.14" libhiredis-dev)
cachescope_require_module(LIBMEMCACHED "libmemcached>=1.0" libmemcached-dev)
cachescope_require_module(ZLIB_PC zlib zlib1g-dev)
cachescope_require_module(LZ4 liblz4 liblz4-dev)
cachescope_require_module(ZSTD libzstd libzstd-dev)
cachescope_require_module(LZMA liblzma liblzma-dev)
cachescope_require_module(SQLITE3 "sqlite3>=3.20" libsqlite3-dev)

find_package(Qt6Keychain CONFIG)
if(NOT Qt6Keychain_FOUND)
    message(FATAL_ERROR "CacheScope needs QtKeychain for Qt 6: apt-get install qtkeychain-qt6-dev")
endif()
