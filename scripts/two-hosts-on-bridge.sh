# Sourced by the live tests (scripts/live-scan-test.sh, scripts/live-watch-test.sh): a private L2
# segment of three namespaces. $NS_S holds the bridge $BR; $NS_A and $NS_B each join it by a veth
# (va, vb) holding the same 10.199.0.5/24, so the two are a duplicate once both speak.
# Needs NS_A, NS_B, NS_S and BR set; sets MAC_A and MAC_B. The caller removes the namespaces.
for ns in "$NS_A" "$NS_B" "$NS_S"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
done
ip -n "$NS_S" link add "$BR" type bridge
ip -n "$NS_S" link set "$BR" up
for side in a b; do
    ns=$([ $side = a ] && echo "$NS_A" || echo "$NS_B")
    ip -n "$ns" link add "v$side" type veth peer name "p$side" netns "$NS_S"
    ip -n "$NS_S" link set "p$side" master "$BR"
    ip -n "$NS_S" link set "p$side" up
    ip -n "$ns" addr add 10.199.0.5/24 dev "v$side"
    ip -n "$ns" link set "v$side" up
done
MAC_A=$(ip netns exec "$NS_A" cat /sys/class/net/va/address)
MAC_B=$(ip netns exec "$NS_B" cat /sys/class/net/vb/address)
