-- wrk script for bench/harvest.sh: each request is one dataset written as `ckanapi load`
-- writes it, a JSON body POSTed to a CKAN action.
--
--   wrk … -s bench/harvest.lua URL -- ACTION PREFIX TOKEN [NAME]
--
-- ACTION package_create: a new dataset per request, named PREFIX-<thread>-<number> so no two
-- requests of a run collide; site_read: the same bodies, parsed and answered without a write
-- (the baseline); package_patch: a new description for the dataset NAME on every request.
local threads = 0
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

local action, prefix, name
local counter = 0
local agencies = { "health-ministry", "land-authority", "social-services", "statistics-office", "capital-city", "transport-authority" }
local notes = string.rep("A dataset harvested from another portal, with a description of ordinary length. ", 3)

function init(args)
  action, name = args[1], args[4]
  prefix = args[2] .. "-" .. tostring(thread_number)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = args[3]
end

function request()
  counter = counter + 1
  local body
  if action == "package_patch" then
    body = string.format('{"id":"%s","notes":"Changed %d times. %s"}', name, counter, notes)
  else
    body = string.format(
      '{"name":"%s-%07d","title":"Harvested dataset %s %d","notes":"%s","owner_org":"%s","license_id":"CC-BY-4.0",' ..
      '"tags":[{"name":"harvested"},{"name":"topic-%d"}],"groups":[{"name":"gove"}],' ..
      '"resources":[{"name":"Data","format":"CSV","url":"https://portal.example/%s/%d.csv"}]}',
      prefix, counter, prefix, counter, notes, agencies[counter % #agencies + 1], counter % 50, prefix, counter)
  end
  return wrk.format(nil, "/api/3/action/" .. action, nil, body)
end
