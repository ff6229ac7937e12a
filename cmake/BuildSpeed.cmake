# Compile-time levers. CI builds the tree twice on 2 cores (the whole suite with ASan + UBSan,
# then the two programs in Release for the .deb), so a cold build has to be cheap:
#  - precompiled headers: most of a translation unit's time is parsing Qt's headers, the
#    same ones in every file; each library gets one PCH and all test executables share one;
#  - unity build of the libraries: a batch of sources parses those headers once;
#  - lld instead of ld.bfd for the ~80 executables (the sanitized ones are large).
# Figures: docs/build-speed.md. Every lever can be turned off to find a build problem.
option(CACHESCOPE_PCH "Precompiled Qt headers for the libraries and the tests" ON)
option(CACHESCOPE_UNITY "Unity build of the libraries (batches of CACHESCOPE_UNITY_BATCH sources); off: see docs/build-speed.md" OFF)
set(CACHESCOPE_UNITY_BATCH 8 CACHE STRING "Sources per unity batch")
set(CACHESCOPE_LINKER auto CACHE STRING "Linker for -fuse-ld= (auto: lld when installed; default: the compiler's)")

if(CACHESCOPE_LINKER STREQUAL "auto")
    find_program(CACHESCOPE_LLD ld.lld)
    set(_cachescope_linker "")
    if(CACHESCOPE_LLD)
        set(_cachescope_linker lld)
    endif()
elseif(CACHESCOPE_LINKER STREQUAL "default")
    set(_cachescope_linker "")
else()
    set(_cachescope_linker ${CACHESCOPE_LINKER})
endif()
if(_cachescope_linker)
    include(CheckLinkerFlag)
    check_linker_flag(CXX -fuse-ld=${_cachescope_linker} CACHESCOPE_HAS_LINKER_${_cachescope_linker})
    if(CACHESCOPE_HAS_LINKER_${_cachescope_linker})
        add_link_options(-fuse-ld=${_cachescope_linker})
        message(STATUS "Linking with ${_cachescope_linker}")
    endif()
endif()

# ccache and gcc's PCH: the PCH is rebuilt in the same build, so ccache must trust it by
# content (sloppiness) or it would miss on every file. The launcher gets the setting itself,
# so nobody has to remember it in their ccache.conf.
if(CACHESCOPE_PCH AND CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache$")
    set(CMAKE_CXX_COMPILER_LAUNCHER env
        CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
        ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()

# Only headers from Qt and the standard library go into a PCH: a project header there would
# rebuild every file whenever it changes.
set(CACHESCOPE_PCH_CORE
    <algorithm> <array> <atomic> <charconv> <cmath> <cstring> <functional> <limits> <memory>
    <optional> <utility> <vector>
    <QByteArray> <QByteArrayView> <QDateTime> <QDir> <QElapsedTimer> <QFileInfo> <QHash>
    <QJsonArray> <QJsonDocument> <QJsonObject> <QList> <QMetaType> <QObject> <QPointer>
    <QRegularExpression> <QSet> <QString> <QStringList> <QTimer> <QUrl> <QVariant>
    <QTcpSocket> <QSqlDatabase> <QSqlError> <QSqlQuery>)
set(CACHESCOPE_PCH_WIDGETS ${CACHESCOPE_PCH_CORE}
    <QAbstractItemModel> <QAction> <QApplication> <QComboBox> <QDialog> <QDialogButtonBox>
    <QFileDialog> <QFormLayout> <QHBoxLayout> <QHeaderView> <QLabel> <QLineEdit> <QMenu>
    <QMessageBox> <QProgressBar> <QPushButton> <QSpinBox> <QSplitter> <QTabWidget> <QTableView>
    <QToolButton> <QTreeView> <QVBoxLayout> <QWidget>)
set(CACHESCOPE_PCH_TESTS ${CACHESCOPE_PCH_WIDGETS}
    <QTest> <QSignalSpy> <QAbstractItemModelTester> <QTemporaryDir> <QProcess> <QFile>
    <QStandardPaths> <QDockWidget> <QTcpServer>)

# cachescope_speed_up(<library> <CORE|WIDGETS>): unity build plus its own PCH.
function(cachescope_speed_up target headers)
    if(CACHESCOPE_UNITY)
        set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${CACHESCOPE_UNITY_BATCH})
    endif()
    if(CACHESCOPE_PCH)
        target_precompile_headers(${target} PRIVATE ${CACHESCOPE_PCH_${headers}})
    endif()
endfunction()

# The test executables all compile with the same flags, so they share one PCH, built once by
# an object library that links exactly what every test links.
function(cachescope_test_pch_target name)
    if(CACHESCOPE_PCH)
        add_library(${name} OBJECT ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cpp)
        set_target_properties(${name} PROPERTIES AUTOMOC OFF)
        target_link_libraries(${name} PRIVATE ${ARGN})
        target_precompile_headers(${name} PRIVATE ${CACHESCOPE_PCH_TESTS})
    endif()
endfunction()

# A test's mocs_compilation.cpp is empty (its moc output is included by tst_*.cpp): loading the
# 200 MB PCH would turn 0.03 s of CPU into 1.7 s, 66 times over.
function(cachescope_use_test_pch target pch_target)
    if(CACHESCOPE_PCH)
        target_precompile_headers(${target} REUSE_FROM ${pch_target})
        set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${target}_autogen/mocs_compilation.cpp
                                    PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
endfunction()
