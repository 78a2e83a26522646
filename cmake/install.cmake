# Install rules for a system installation (GNUInstallDirs): the binary (daemon/CMakeLists.txt),
# the systemd unit, sysusers.d and tmpfiles.d snippets, the example configuration and the man
# pages. Every path follows the install prefix, also one given at install time:
#
#   prefix /usr (packages)        prefix P (default /usr/local; --prefix P)
#   /usr/bin/missionwatch         P/bin/missionwatch
#   <systemd's unit dir>          P/lib/systemd/system/missionwatch.service
#     (pkg-config systemd: /lib/systemd/system on Debian 12)
#   /usr/lib/sysusers.d/missionwatch.conf, /usr/lib/tmpfiles.d/missionwatch.conf   (P/lib/...)
#   /etc/missionwatch/missionwatch.toml        P/etc/missionwatch/missionwatch.toml
#   /usr/share/missionwatch/missionwatch.toml  (the documented default, for reference)
#   /usr/share/man/man8/missionwatch.8, man5/missionwatch.toml.5
#
#   cmake -S . -B build/release -DMW_BUILD_TESTS=OFF && cmake --build build/release
#   sudo cmake --install build/release --prefix /usr        (or DESTDIR=/stage cmake --install)
#
# systemd also reads units, sysusers.d and tmpfiles.d from /usr/local/lib, so a /usr/local
# install works as it is. The installed unit names the installed binary and config by path.

# systemd's unit folder for a /usr install; -DMW_SYSTEMD_UNITDIR=... overrides it for any prefix.
pkg_get_variable(_mw_usr_unitdir systemd systemdsystemunitdir)
if(NOT _mw_usr_unitdir)
  set(_mw_usr_unitdir "/lib/systemd/system")
endif()
set(MW_SYSTEMD_UNITDIR "" CACHE PATH
    "Where the systemd unit goes (empty: systemd's own folder for /usr, else PREFIX/lib/systemd/system)")

install(FILES systemd/missionwatch.sysusers DESTINATION lib/sysusers.d RENAME missionwatch.conf)
install(FILES systemd/missionwatch.tmpfiles DESTINATION lib/tmpfiles.d RENAME missionwatch.conf)
install(FILES man/missionwatch.8 DESTINATION "${CMAKE_INSTALL_MANDIR}/man8")
install(FILES man/missionwatch.toml.5 DESTINATION "${CMAKE_INSTALL_MANDIR}/man5")
install(FILES systemd/missionwatch.toml DESTINATION "${CMAKE_INSTALL_DATADIR}/missionwatch")

# The unit and the live configuration depend on the prefix known only at install time.
# file(INSTALL) adds $DESTDIR itself; EXISTS needs it spelt out.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(_mw_confdir \"/etc/missionwatch\")
    set(_mw_unitdir \"${_mw_usr_unitdir}\")
  else()
    set(_mw_confdir \"\${CMAKE_INSTALL_PREFIX}/etc/missionwatch\")
    set(_mw_unitdir \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\")
  endif()
  if(NOT \"${MW_SYSTEMD_UNITDIR}\" STREQUAL \"\")
    set(_mw_unitdir \"${MW_SYSTEMD_UNITDIR}\")
  endif()

  # The unit, naming the installed binary and configuration.
  file(READ \"${CMAKE_SOURCE_DIR}/systemd/missionwatch.service\" _mw_unit)
  string(REPLACE \"/usr/bin/missionwatch\" \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/missionwatch\"
         _mw_unit \"\${_mw_unit}\")
  string(REPLACE \"/etc/missionwatch/\" \"\${_mw_confdir}/\" _mw_unit \"\${_mw_unit}\")
  # One staging folder per destination, so installs to different places may run at once.
  string(SHA1 _mw_key \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
  set(_mw_staged \"${CMAKE_BINARY_DIR}/generated/systemd/\${_mw_key}/missionwatch.service\")
  file(WRITE \"\${_mw_staged}\" \"\${_mw_unit}\")
  file(INSTALL DESTINATION \"\${_mw_unitdir}\" TYPE FILE FILES \"\${_mw_staged}\")

  # The live configuration: installed once, never overwritten, so an operator's edits survive a
  # reinstall (the Debian package makes it a conffile, which dpkg protects the same way). It
  # holds no secrets (those live in credential files), hence world-readable inside a 0750 folder.
  set(_mw_dest \"\$ENV{DESTDIR}\${_mw_confdir}/missionwatch.toml\")
  if(EXISTS \"\${_mw_dest}\")
    message(STATUS \"Keeping existing: \${_mw_dest}\")
  else()
    file(INSTALL DESTINATION \"\${_mw_confdir}\" TYPE FILE
         PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
         FILES \"${CMAKE_SOURCE_DIR}/systemd/missionwatch.toml\")
  endif()
")
