// RocksDB options for the event log: database-wide settings and one tuned descriptor per column
// family. The reasons for each choice are in rocks_options.cc.
//
//   RocksSetup setup = make_rocks_setup(/*create_if_missing=*/true);
//   rocksdb::DB::Open(setup.db, path, setup.families, &handles, &db);
//   // handles[kEventsCf] is the events family, and so on (indices below).
//
// Private to storage/.
#pragma once

#include <rocksdb/db.h>  // ColumnFamilyDescriptor
#include <rocksdb/options.h>

#include <cstddef>
#include <vector>

namespace webox::storage {

// Index of each family in RocksSetup::families (and so in the handles DB::Open returns).
inline constexpr std::size_t kDefaultCf = 0;
inline constexpr std::size_t kEventsCf = 1;
inline constexpr std::size_t kStreamsCf = 2;
inline constexpr std::size_t kEventIdsCf = 3;
inline constexpr std::size_t kCheckpointsCf = 4;

struct RocksSetup {
  rocksdb::DBOptions db;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
};

RocksSetup make_rocks_setup(bool create_if_missing);

}  // namespace webox::storage
