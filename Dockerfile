# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in its own layer so a code change does not re-download packages.
COPY global.json Directory.Build.props Directory.Packages.props HaiLong.sln ./
COPY src/HaiLong.Api/HaiLong.Api.csproj src/HaiLong.Api/
COPY src/HaiLong.Data/HaiLong.Data.csproj src/HaiLong.Data/
COPY migrations/HaiLong.Migrations/HaiLong.Migrations.csproj migrations/HaiLong.Migrations/
RUN dotnet restore src/HaiLong.Api/HaiLong.Api.csproj
COPY src/ src/
COPY migrations/ migrations/
RUN dotnet publish src/HaiLong.Api/HaiLong.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
# The image's built-in non-root user.
USER $APP_UID
ENTRYPOINT ["dotnet", "HaiLong.Api.dll"]
