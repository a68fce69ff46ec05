// The --shard K/N argument of tarang coverage and tarang plan.
#pragma once

#include <string>

namespace tarang {

struct Shard {
  int index = 0, count = 0;  // K of N (1-based); 0 of 0 = the whole job
};

// "K/N" with 1 <= K <= N; "" = no sharding. InputError (--shard) otherwise.
Shard parse_shard(const std::string& text);

}  // namespace tarang
