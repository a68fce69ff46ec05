// Plain enums naming model choices; shared by host and device code (no std includes).
#pragma once

namespace tarang {

enum class GroundKind { Flat, None };
enum class PathLossModel { FreeSpace, Tr38901, Raytrace, ItuP1411, OkumuraHata, Cost231Hata };
enum class Tr38901Scenario { UMa, UMi, RMa, InH };  // InH = indoor hotspot, office (mixed)
enum class LosMode { Los, Nlos, Probabilistic };
enum class AntennaKind { Isotropic, Tr38901Element, ShortDipole, HalfWaveDipole, Array, Msi };
enum class SectorPolarization { V, H, Slant45, Cross };  // Cross: dual-slant +-45, power split between the ports
enum class RaytraceEngine { Auto, Cpu, Gpu };
enum class P1411Environment { UrbanHighRise, UrbanLowRiseSuburban, Residential };  // ITU-R P.1411 Table 4 rows
enum class P1411Placement { BelowRooftop, AboveRooftop };                       // both terminals / one above roofs
enum class HataEnvironment { Urban, Suburban, Open };
enum class HataCitySize { SmallMedium, Large };  // mobile antenna correction a(hm) of Hata 1980

}  // namespace tarang
